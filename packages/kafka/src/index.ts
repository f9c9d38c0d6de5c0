export * from './client';
export * from './codec';
export * from './consumer-loop';
export type { KafkaLog } from './logging';
export * from './probe';
export * from './send-records';
export * from './topic-admin';
