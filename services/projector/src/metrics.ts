import { Counter, Histogram, type Registry } from 'prom-client';

export interface ProjectorMetrics {
  applied: Counter<'projection'>;
  duplicates: Counter<'projection'>;
  outOfOrder: Counter<'projection'>;
  refused: Counter<'projection' | 'reason'>;
  lagSeconds: Histogram<'projection'>;
  batchSeconds: Histogram<'topic_kind' | 'projection'>;
  batchRetries: Counter<'reason'>;
}

/** The projector's metrics, registered in the service's registry (served at /metrics). */
export function createProjectorMetrics(registry: Registry): ProjectorMetrics {
  const registers = [registry];
  return {
    applied: new Counter({
      name: 'shipfold_projector_events_applied_total',
      help: 'Events folded into a projection (including duplicates, which change nothing)',
      labelNames: ['projection'],
      registers,
    }),
    duplicates: new Counter({
      name: 'shipfold_projector_duplicates_total',
      help: 'Events whose fact the projection already held (same event id, nothing new)',
      labelNames: ['projection'],
      registers,
    }),
    outOfOrder: new Counter({
      name: 'shipfold_projector_out_of_order_total',
      help: 'Events that arrived older than the current state of their aggregate',
      labelNames: ['projection'],
      registers,
    }),
    refused: new Counter({
      name: 'shipfold_projector_events_refused_total',
      help: 'Records a projection could not use (undecodable, unexpected type, refused by the fold)',
      labelNames: ['projection', 'reason'],
      registers,
    }),
    lagSeconds: new Histogram({
      name: 'shipfold_projector_lag_seconds',
      help: 'From ingress receipt (receivedAt) to the commit of the projection',
      labelNames: ['projection'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600, 86400],
      registers,
    }),
    batchSeconds: new Histogram({
      name: 'shipfold_projector_batch_seconds',
      help: 'Time to apply one consumed batch to one projection of its topic (one transaction)',
      labelNames: ['topic_kind', 'projection'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    batchRetries: new Counter({
      name: 'shipfold_projector_batch_retries_total',
      help: 'Batches rolled back and retried (concurrent writer, serialization failure, deadlock)',
      labelNames: ['reason'],
      registers,
    }),
  };
}
