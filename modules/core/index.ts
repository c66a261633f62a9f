export * from './refs';
export * from './validation';
export * from './tags';
export * from './kms-grant';
