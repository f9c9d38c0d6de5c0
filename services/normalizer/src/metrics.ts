import type { DomainEvent, RejectionReason } from '@shipfold/contracts';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Encoded } from './encode';

export interface NormalizerMetrics {
  /** Counts what one raw record became, once its records are acknowledged. */
  published(messages: readonly Encoded[]): void;
  undeliverable(): void;
  /** Seconds from fetching a chunk to the acknowledgement of its records, per raw record. */
  processed(records: number, seconds: number): void;
  /** Seconds from the ingress receipt of a delivery to the acknowledgement of what it became. */
  receiptToPublish(seconds: number): void;
}

export function createNormalizerMetrics(registry: Registry): NormalizerMetrics {
  const events = new Counter({
    name: 'normalizer_events_produced_total',
    help: 'Domain events produced (acknowledged), by type',
    labelNames: ['type'],
    registers: [registry],
  });
  const rejections = new Counter({
    name: 'normalizer_rejections_total',
    help: 'Deliveries sent to the DLQ (acknowledged), by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const undeliverable = new Counter({
    name: 'normalizer_undeliverable_total',
    help: 'Raw records that are not raw envelopes under the contract: logged and skipped',
    registers: [registry],
  });
  const processing = new Histogram({
    name: 'normalizer_processing_seconds',
    help: 'From fetch to acknowledgement of the produced records, per raw record',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const receiptLag = new Histogram({
    name: 'normalizer_receipt_to_publish_seconds',
    help: 'From ingress receipt of a delivery to the acknowledgement of its events or DLQ record',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers: [registry],
  });
  // Every label value exists from the start, so dashboards show zeros rather than gaps.
  const types: DomainEvent['type'][] = [
    'shipment.status-observed',
    'return.placed',
    'return.updated',
    'return.processed',
  ];
  for (const type of types) events.inc({ type }, 0);
  const reasons: RejectionReason[] = [
    'malformed-json',
    'unknown-source',
    'schema-violation',
    'unreadable-timestamp',
    'unsupported-event',
  ];
  for (const reason of reasons) rejections.inc({ reason }, 0);

  return {
    published(messages) {
      for (const { counts } of messages) {
        if ('event' in counts) events.inc({ type: counts.event });
        else rejections.inc({ reason: counts.rejection });
      }
    },
    undeliverable: () => undeliverable.inc(),
    processed(records, seconds) {
      for (let i = 0; i < records; i++) processing.observe(seconds);
    },
    receiptToPublish: (seconds) => receiptLag.observe(seconds),
  };
}
