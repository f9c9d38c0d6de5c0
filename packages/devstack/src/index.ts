export { type Endpoints, endpoints, kafkaClusterBrokers } from './endpoints';
export type { ManagedName } from './layout';
export { privatePostgresUrl } from './private-postgres';
export {
  type ComponentName,
  type ComponentStatus,
  freezeComponent,
  killComponent,
  stackDown,
  stackStatus,
  stackUp,
  startComponent,
  startComponents,
  startKafkaCluster,
  stopComponent,
  stopKafkaCluster,
  type UpOptions,
} from './stack';
