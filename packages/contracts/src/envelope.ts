import { type Static, Type } from '@sinclair/typebox';
import { Instant } from './instant-pattern';
import { Source } from './sources';

/**
 * One delivery exactly as it reached shipfold: the system of record on `shipfold.raw.v1`.
 * The body is the received bytes as UTF-8 text, never re-serialized, so any parser fix can
 * re-derive the domain events from it; bytes that are not UTF-8 are kept in `bodyBase64` as well
 * (added in a BACKWARD-compatible way: optional). Secrets (webhook_key, Authorization, …) are never kept.
 */
export const RawEnvelope = Type.Object(
  {
    deliveryId: Type.String({ description: 'UUIDv7 given at receipt; time-ordered' }),
    source: Source,
    receivedAt: Instant,
    contentType: Type.Union([Type.String(), Type.Null()]),
    headers: Type.Record(Type.String(), Type.String(), {
      description: 'Request headers worth keeping (no secrets), lower-case names',
    }),
    body: Type.String({ description: 'The payload exactly as received' }),
    bodyBase64: Type.Optional(
      Type.String({
        contentEncoding: 'base64',
        description:
          'The received bytes in base64, present only when they are not valid UTF-8: `body` then holds them with U+FFFD replacements, this field byte for byte (for a redrive or an export)',
      }),
    ),
    contentSha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the body bytes, hex' }),
    partitionKey: Type.String({
      description: 'Kafka key: the aggregate the payload is about, or the delivery id',
    }),
  },
  { title: 'shipfold raw envelope v1', additionalProperties: false },
);
export type RawEnvelope = Static<typeof RawEnvelope>;

/**
 * A raw envelope as a reader of the raw topic may meet it: from a source added to the contract
 * after the reader was built. The DLQ keeps such envelopes (reason `unknown-source`) whole, so they
 * can be replayed once the reader knows the source.
 */
export const EnvelopeOfAnySource = Type.Object(
  { ...RawEnvelope.properties, source: Type.String({ minLength: 1 }) },
  { title: 'shipfold raw envelope v1 (any source)', additionalProperties: false },
);
export type EnvelopeOfAnySource = Static<typeof EnvelopeOfAnySource>;
