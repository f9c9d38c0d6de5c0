export { BackfillError, type BackfillProgress, backfillReturns, parseCliInstant } from './backfill';
export { loadPollerConfig, PollerEnv } from './config';
export { type DeltaWindowRules, nextDeltaWindow } from './delta-windows';
export { deltaEnvelope, trackOrderEnvelope } from './envelopes';
export { createRawPublisher, type RawPublisher } from './raw-publisher';
export { createReturnsDeltaPoller, RETURNS_DELTA_STREAM } from './returns-delta-poller';
export { createPollerService, type PollerService, rawPublishingFor } from './service';
export { batchesByCourier, createTrackOrderPoller } from './track-order-poller';
