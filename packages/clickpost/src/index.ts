export { backoffDelay, DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy, retryDelay } from './backoff';
export {
  type CallOptions,
  ClickpostClient,
  type ClickpostClientOptions,
  type ClickpostPaths,
  checkShipmentId,
  DEFAULT_BASE_URL,
  DEFAULT_PATHS,
  type ReturnsDeltaAnswer,
  type TrackOrderAnswer,
} from './client';
export * from './errors';
export * from './from-env';
export { apiError, type ClickpostMeta, type ParsedBody, parseBody } from './meta';
export { redactor } from './redact';
export type { AttemptReport, RateLimit } from './transport';
export type * from './types';
export {
  type DeltaQueryTimes,
  deltaQueryTimes,
  formatClickpostTime,
  MAX_DELTA_WINDOW_MS,
  planWindows,
  type TimeWindow,
} from './window';
