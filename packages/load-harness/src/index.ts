export {
  compareAggregates,
  envelopeOf,
  eventIdsOf,
  judge,
  type RawTopicContents,
  type StoredEventIds,
  sha256,
  type Verdict,
} from './check';
export { type HostileKind, type HostilePayload, hostilePayloads } from './hostile';
export { increffCallback, type QcOutcome, qcOutcomes } from './increff';
export {
  createLoad,
  type Load,
  type LoadDelivery,
  type LoadFigures,
  type LoadOptions,
  loadFigures,
  type Vendor,
} from './load-plan';
export { type FoldedAggregates, foldEvents, foldRaw, groupEvents, normalizeAll } from './raw-fold';
export { generateRedoReturns, type RedoReturn, redoWebhook } from './redo';
export {
  type Acknowledgement,
  type Credentials,
  Ledger,
  LoadSender,
  type SenderOptions,
  vendorHeaders,
  WEBHOOK_PATHS,
} from './sender';
export { readStoredAggregates, readStoredEventIds, type StoredAggregates } from './stored-aggregates';
export { type ExpectedItem, type ExpectedReturn, type HarnessTruth, harnessTruth } from './truth';
export {
  differences,
  type ObservedReturn,
  type ObservedShipment,
  type ReturnTruth,
  type Truth,
  type TruthCheckOptions,
} from './truth-check';
