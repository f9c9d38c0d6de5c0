import { Counter, Gauge, type Registry } from 'prom-client';

export function createPollerMetrics(registry: Registry) {
  return {
    deltaWindows: new Counter({
      name: 'poller_delta_windows_total',
      help: 'Returns delta windows polled and published',
      registers: [registry],
    }),
    published: new Counter({
      name: 'poller_published_total',
      help: 'Raw envelopes published, by source',
      labelNames: ['source'],
      registers: [registry],
    }),
    deltaCheckpointLag: new Gauge({
      name: 'poller_delta_checkpoint_lag_seconds',
      help: 'How far the returns delta checkpoint is behind now',
      registers: [registry],
    }),
    trackRequests: new Counter({
      name: 'poller_track_order_requests_total',
      help: 'Track-order requests made by the fallback',
      registers: [registry],
    }),
    clickpostAttempts: new Counter({
      name: 'poller_clickpost_attempts_total',
      help: 'HTTP attempts to Clickpost, by operation and outcome',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    cycleErrors: new Counter({
      name: 'poller_cycle_errors_total',
      help: 'Polling cycles that failed, by loop',
      labelNames: ['loop'],
      registers: [registry],
    }),
  };
}
export type PollerMetrics = ReturnType<typeof createPollerMetrics>;
