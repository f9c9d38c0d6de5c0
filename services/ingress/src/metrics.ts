import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BatchReport } from './produce-batcher';

/** What became of a request, as a metrics label. */
export type Outcome =
  | 'accepted'
  | 'malformed'
  | 'unauthorized'
  | 'unsupported-media-type'
  | 'too-large'
  | 'unavailable'
  | 'rejected'
  | 'error';

export const outcomeOf = (statusCode: number): Outcome => {
  if (statusCode < 300) return 'accepted';
  switch (statusCode) {
    case 400:
      return 'malformed';
    case 401:
      return 'unauthorized';
    case 413:
      return 'too-large';
    case 415:
      return 'unsupported-media-type';
    case 503:
      return 'unavailable';
    default:
      return statusCode < 500 ? 'rejected' : 'error';
  }
};

export interface IngressMetrics {
  countRequest(source: string, statusCode: number): void;
  observeBatch(report: BatchReport): void;
}

/** `pendingRecords` is read at scrape time: records submitted and not yet acknowledged or refused. */
export function createIngressMetrics(registry: Registry, pendingRecords?: () => number): IngressMetrics {
  if (pendingRecords) {
    new Gauge({
      name: 'ingress_pending_records',
      help: 'Deliveries waiting for their produce batch to be acknowledged',
      registers: [registry],
      collect() {
        this.set(pendingRecords());
      },
    });
  }
  const requests = new Counter({
    name: 'ingress_requests_total',
    help: 'Webhook requests by source and outcome',
    labelNames: ['source', 'outcome'],
    registers: [registry],
  });
  const produceSeconds = new Histogram({
    name: 'ingress_produce_duration_seconds',
    help: 'Time from sending a produce batch to its acknowledgement (or failure)',
    labelNames: ['result'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const batchRecords = new Histogram({
    name: 'ingress_batch_records',
    help: 'Records per produce batch',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const batchBytes = new Histogram({
    name: 'ingress_batch_bytes',
    help: 'Encoded bytes per produce batch',
    buckets: [1024, 4096, 16384, 65536, 262144, 1048576, 4194304],
    registers: [registry],
  });
  return {
    countRequest: (source, statusCode) => requests.inc({ source, outcome: outcomeOf(statusCode) }),
    observeBatch(report) {
      produceSeconds.observe({ result: report.ok ? 'ok' : 'failed' }, report.durationMs / 1000);
      batchRecords.observe(report.records);
      batchBytes.observe(report.bytes);
    },
  };
}
