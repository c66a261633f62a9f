export * from './topology';
export * from './render';
export * from './appendix';
