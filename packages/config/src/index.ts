export * from './fragments';
export * from './load-config';
