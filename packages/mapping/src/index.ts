import type { DomainEvent, EnvelopeOfAnySource, RejectionReason, Source } from '@shipfold/contracts';
import { mapReturnsDelta } from './clickpost-returns-delta';
import { mapTrackOrder } from './clickpost-track-order';
import { mapClickpostWebhook } from './clickpost-webhook';
import { type Context, readEnvelope } from './context';
import { checkContract } from './contract';
import { mapIncreff } from './increff';
import { checkBodySize, checkDepth } from './limits';
import { mapRedo } from './redo';
import { formatPath, Rejection, reject } from './rejection';
import { Field } from './tolerant';

export { aggregateKey, topicOf } from './aggregate-key';
export { EVENT_ID_NAMESPACE } from './event-id';
export { MAX_BODY_BYTES, MAX_DEPTH } from './limits';
export { DEFAULT_CLICKPOST_ZONE, isValidZone, parseInstant } from './time';

export interface NormalizeOptions {
  /** IANA zone in which naive Clickpost timestamps are read (Clickpost documents IST: Asia/Kolkata). */
  clickpostZone: string;
}

export type Normalized =
  | { ok: true; events: DomainEvent[] }
  | { ok: false; reason: RejectionReason; detail: string; path: string | null };

const MAPPERS: Record<Source, (body: Field, context: Context) => DomainEvent[]> = {
  'clickpost.webhook': mapClickpostWebhook,
  'clickpost.returns-delta': mapReturnsDelta,
  'clickpost.track-order': mapTrackOrder,
  'redo.webhook': mapRedo,
  'increff.return-callback': mapIncreff,
};

/**
 * Turns one raw delivery into the domain events it reports, or says why it cannot: pure, deterministic
 * (same envelope → same events and ids) and total — it never throws, whatever the envelope holds.
 * `path` of a rejection is a JSONPath into the body (null when the problem is not at one place).
 */
export function normalize(envelope: EnvelopeOfAnySource, options: NormalizeOptions): Normalized {
  try {
    const { context, body } = readEnvelope(envelope, options.clickpostZone);
    const events = MAPPERS[context.source](new Field(parseBody(body)), context);
    for (const event of events) checkContract(event);
    return { ok: true, events };
  } catch (error) {
    if (error instanceof Rejection) {
      return {
        ok: false,
        reason: error.reason,
        detail: error.detail,
        path: error.path === null ? null : formatPath(error.path),
      };
    }
    // Not reachable by any input the tests know (property tests check that); a bug must still not
    // crash the consumer or block its partition.
    return {
      ok: false,
      reason: 'schema-violation',
      detail: `normalizer failed: ${messageOf(error)}`,
      path: null,
    };
  }
}

function parseBody(body: string): unknown {
  checkBodySize(body);
  let payload: unknown;
  try {
    // A UTF-8 byte order mark is allowed before JSON text (RFC 8259 §8.1); JSON.parse does not skip it.
    payload = JSON.parse(body.startsWith('\uFEFF') ? body.slice(1) : body);
  } catch (error) {
    return reject('malformed-json', `body is not valid JSON: ${messageOf(error)}`);
  }
  checkDepth(payload);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return reject('schema-violation', 'body is not a JSON object', []);
  }
  return payload;
}

function messageOf(error: unknown): string {
  try {
    return (error instanceof Error ? error.message : String(error)).slice(0, 300);
  } catch {
    return 'unknown error';
  }
}
