export * from './config';
export * from './delivery-writer';
export * from './ingress';
export * from './partition-key';
export * from './produce-batcher';
export * from './webhook-routes';
export * from './webhook-sources';
