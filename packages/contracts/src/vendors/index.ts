export * from './clickpost-common';
export * from './clickpost-returns-delta';
export * from './clickpost-track-order';
export * from './clickpost-webhook';
export * from './increff-return-callback';
export { LooseBoolean, LooseInteger, LooseText, LooseTimestamp } from './loose';
export * from './redo-return-event';
