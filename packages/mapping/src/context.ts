import { isSource, type Source } from '@shipfold/contracts';
import { describe, reject } from './rejection';
import { parseInstant } from './time';
import { isRecord } from './tolerant';

/** What the mappers know about the delivery besides its payload. */
export interface Context {
  source: Source;
  deliveryId: string;
  /** UTC instant at which shipfold received the delivery. */
  receivedAt: string;
  /** Kept request headers (lower-case names); the poller records request context here. */
  headers: Readonly<Record<string, string>>;
  /** The zone in which naive Clickpost timestamps are read. */
  clickpostZone: string;
}

/** The fields every event derived from one delivery carries, in contract order after id and time. */
export const deliveryFields = (context: Context) => ({
  source: context.source,
  deliveryId: context.deliveryId,
  receivedAt: context.receivedAt,
});

/**
 * Reads the envelope fields the normalizer relies on. The envelope type is a contract, but envelopes
 * come off a topic: a value that breaks it is rejected like any payload, never trusted.
 */
export function readEnvelope(envelope: unknown, clickpostZone: string): { context: Context; body: string } {
  if (!isRecord(envelope))
    return reject('schema-violation', `envelope is ${describe(envelope)}, not an object`);
  const { source, deliveryId, receivedAt, headers, body } = envelope;
  if (typeof source !== 'string' || !isSource(source)) {
    return reject('unknown-source', `unknown source ${describe(source)}`);
  }
  if (typeof deliveryId !== 'string' || deliveryId.length === 0) {
    return reject('schema-violation', `envelope deliveryId is ${describe(deliveryId)}`);
  }
  if (typeof body !== 'string')
    return reject('schema-violation', `envelope body is ${describe(body)}, not text`);
  const received = typeof receivedAt === 'string' ? parseInstant(receivedAt, null) : null;
  if (!received?.ok) {
    return reject(
      'unreadable-timestamp',
      `envelope receivedAt ${describe(receivedAt)} is not a zoned instant`,
    );
  }
  const keptHeaders: Record<string, string> = {};
  if (isRecord(headers)) {
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value === 'string') keptHeaders[name.toLowerCase()] = value;
    }
  }
  return {
    context: { source, deliveryId, receivedAt: received.instant, headers: keptHeaders, clickpostZone },
    body,
  };
}
