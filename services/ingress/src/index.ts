export * from './config';
export * from './delivery-writer';
export * from './partition-key';
export * from './produce-batcher';
export * from './service';
export * from './webhook-routes';
export * from './webhook-sources';
