export * from './refs';
export * from './validation';
export * from './tags';
export * from './kms-grant';
export * from './arn';
export * from './security-group';
export * from './private-bucket';
export * from './irsa';
