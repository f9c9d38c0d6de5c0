export * from './api';
export * from './config';
export * from './routes';
