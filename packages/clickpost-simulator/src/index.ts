export { API_PATHS, type ApiFaults } from './api';
export {
  arrange,
  type DeliveryPlan,
  type FaultOptions,
  NO_FAULTS,
  type PlannedDelivery,
  planDeliveries,
} from './delivery-plan';
export {
  generateWorld,
  type ReturnOrder,
  type Scan,
  type Shipment,
  type World,
  type WorldOptions,
} from './journeys';
export { deltaRecord, returnPlacedWebhook, scanWebhook, trackOrderEntry } from './payloads';
export { Prng } from './prng';
export {
  ClickpostSimulator,
  type SimulatorInput,
  type SimulatorOptions,
  simulatorOptions,
} from './simulator';
export { SimulatorState } from './state';
export { TERMINAL_CODES } from './status-codes';
export {
  type ExpectedReturn,
  type ExpectedScan,
  type ExpectedShipment,
  type GroundTruth,
  groundTruth,
} from './truth';
export type { SendReport } from './webhook-sender';
