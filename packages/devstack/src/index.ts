export { type Endpoints, endpoints } from './endpoints';
export type { ManagedName } from './layout';
export { privatePostgresUrl } from './private-postgres';
export {
  type ComponentName,
  type ComponentStatus,
  stackDown,
  stackStatus,
  killComponent,
  stackUp,
  startComponent,
  stopComponent,
  type UpOptions,
} from './stack';
