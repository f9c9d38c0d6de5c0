import {
  type DlqRecord,
  type DomainEvent,
  EnvelopeOfAnySource,
  type RejectionReason,
  type TopicNames,
} from '@shipfold/contracts';
import { aggregateKey, type NormalizeOptions, normalize, topicOf } from '@shipfold/mapping';
import { TypeCompiler } from '@sinclair/typebox/compiler';

/** A record to produce: value still unencoded; what it counts as in the metrics. */
export interface Outgoing {
  topic: string;
  key: string;
  value: DomainEvent | DlqRecord;
  counts: { event: DomainEvent['type'] } | { rejection: RejectionReason };
}

/**
 * What becomes of one raw record:
 * - `publish`: its domain events, or a DLQ record saying why it has none;
 * - `undeliverable`: it is not a raw envelope at all (not one under the contract), so not even a DLQ
 *   record can carry it. It stays on the raw topic, and is logged and counted; it never blocks.
 */
export type Plan =
  | { kind: 'publish'; envelope: EnvelopeOfAnySource; records: Outgoing[] }
  | { kind: 'undeliverable'; detail: string };

/** Lenient on the source only: an envelope from a source this normalizer does not know is dead-lettered as `unknown-source`. */
const envelopeCheck = TypeCompiler.Compile(EnvelopeOfAnySource);

/** Longest rejection detail kept in a DLQ record (it sits next to the whole envelope). */
const MAX_DETAIL = 2000;

export function planRecord(value: unknown, names: TopicNames, options: NormalizeOptions, now: Date): Plan {
  if (!envelopeCheck.Check(value)) {
    const error = envelopeCheck.Errors(value).First();
    return {
      kind: 'undeliverable',
      detail: `not a raw envelope${error ? ` (${error.path || '/'}: ${error.message})` : ''}`,
    };
  }
  const result = normalize(value, options);
  if (result.ok) {
    return {
      kind: 'publish',
      envelope: value,
      records: result.events.map((event) => ({
        topic: topicOf(event, names),
        key: aggregateKey(event),
        value: event,
        counts: { event: event.type },
      })),
    };
  }
  return { kind: 'publish', envelope: value, records: [rejection(value, result, names, now)] };
}

/** The DLQ record of an envelope the normalizer cannot use, keyed like the envelope itself. */
export function rejection(
  envelope: EnvelopeOfAnySource,
  why: { reason: RejectionReason; detail: string; path: string | null },
  names: TopicNames,
  now: Date,
): Outgoing {
  const record: DlqRecord = {
    deliveryId: envelope.deliveryId,
    stage: 'normalizer',
    reason: why.reason,
    detail: why.detail.slice(0, MAX_DETAIL),
    path: why.path,
    rejectedAt: now.toISOString(),
    envelope,
  };
  return { topic: names.dlq, key: envelope.partitionKey, value: record, counts: { rejection: why.reason } };
}
