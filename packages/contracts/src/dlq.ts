import { type Static, Type } from '@sinclair/typebox';
import { EnvelopeOfAnySource } from './envelope';
import { Instant } from './instant-pattern';

export const RejectionReason = Type.Union(
  [
    Type.Literal('malformed-json'),
    Type.Literal('unknown-source'),
    Type.Literal('schema-violation'),
    Type.Literal('unreadable-timestamp'),
    Type.Literal('unsupported-event'),
  ],
  { description: 'Machine-readable reason a delivery could not be used' },
);
export type RejectionReason = Static<typeof RejectionReason>;

/** A delivery that could not be used, with the original envelope so it can be replayed after a fix. */
export const DlqRecord = Type.Object(
  {
    deliveryId: Type.String(),
    stage: Type.Union([Type.Literal('ingress'), Type.Literal('normalizer')]),
    reason: RejectionReason,
    detail: Type.String({ description: 'Human-readable explanation' }),
    path: Type.Union([Type.String(), Type.Null()], {
      description: 'JSON path of the offending value, if any',
    }),
    rejectedAt: Instant,
    envelope: EnvelopeOfAnySource,
  },
  { title: 'shipfold dead-letter record v1', additionalProperties: false },
);
export type DlqRecord = Static<typeof DlqRecord>;
