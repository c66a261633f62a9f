export * from './source-ref';
export * from './instance';
export * from './read-replica';
