export * from './refs';
export * from './validation';
export * from './tags';
