export * from './backoff';
export * from './keep-trying';
export * from './logger';
export * from './service';
