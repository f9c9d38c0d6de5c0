export * from './batch-applier';
export * from './config';
export * from './decode';
export * from './metrics';
export * from './projection-consumer';
export * from './rebuild';
export * from './service';
export * from './wire-decoder';
