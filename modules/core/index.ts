export * from './refs';
export * from './validation';
