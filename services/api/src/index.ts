export * from './config';
export * from './read-routes';
export * from './service';
