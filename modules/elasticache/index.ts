export * from './global-datastore-ref';
export * from './primary-group';
export * from './secondary-group';
export * from './region-prefixes';
export * from './auth-token';
