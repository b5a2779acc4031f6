export * from './function';
export * from './types';
