import { RejectionReason, Source } from '@shipfold/contracts';
import { MAX_IDENTIFIER_LENGTH } from '@shipfold/domain';
import { type TSchema, Type } from '@sinclair/typebox';

/** Route schemas: they validate requests (400 naming the problem) and document the API (OpenAPI). */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ description: 'UTC instant, ISO-8601 with Z (microseconds)' });
export const Identifier = Type.String({ minLength: 1, maxLength: MAX_IDENTIFIER_LENGTH, pattern: '\\S' });

export const ErrorBody = Type.Object({
  error: Type.String({ description: 'Machine-readable code: not-found, bad-request, ambiguous-waybill, …' }),
  message: Type.String(),
  problems: Type.Optional(
    Type.Array(Type.Object({ parameter: Type.String(), message: Type.String() }), {
      description: 'Each parameter that is wrong, and why',
    }),
  ),
  cpIds: Type.Optional(Type.Array(Type.Integer())),
});

const Scan = Type.Object({
  eventId: Type.String(),
  statusCode: Type.Integer({ description: 'clickpost_status_code' }),
  description: Nullable(Type.String()),
  status: Type.String({ description: "The carrier's status text" }),
  location: Nullable(Type.String()),
  remark: Nullable(Type.String()),
  occurredAt: Instant,
});

export const ShipmentBody = Type.Object({
  waybill: Type.String(),
  cpId: Type.Integer({ description: 'Clickpost courier partner id' }),
  current: Type.Object({
    statusCode: Type.Integer(),
    description: Nullable(Type.String()),
    bucket: Nullable(Type.Integer({ description: 'clickpost_status_bucket' })),
    bucketDescription: Nullable(Type.String()),
    status: Type.String(),
    location: Nullable(Type.String()),
    remark: Nullable(Type.String()),
    occurredAt: Instant,
  }),
  isTerminal: Type.Boolean(),
  ndr: Nullable(Type.Object({ code: Type.Integer(), description: Nullable(Type.String()) })),
  edd: Nullable(Type.String()),
  isRvp: Type.Boolean(),
  forwardAwb: Nullable(Type.String()),
  forwardReference: Nullable(Type.String()),
  returnReference: Nullable(Type.String()),
  referenceNumber: Nullable(Type.String()),
  accountCode: Nullable(Type.String()),
  scans: Type.Array(Scan, { description: 'Every scan, oldest first' }),
  registration: Nullable(
    Type.Object(
      {
        state: Type.Union(
          ['pending', 'registered', 'unregistered', 'failed'].map((state) => Type.Literal(state)),
        ),
        trackingId: Nullable(Type.Integer()),
        lastError: Nullable(Type.String()),
        registeredAt: Nullable(Type.String()),
        unregisteredAt: Nullable(Type.String()),
        updatedAt: Type.String(),
      },
      { description: 'Registration of the waybill with Clickpost for tracking (POST /v1/shipments), if any' },
    ),
  ),
});

const ReturnItem = Type.Object({
  sku: Type.String(),
  quantity: Type.Integer(),
  reason: Nullable(Type.String()),
  refundMode: Nullable(Type.String()),
  qcStatus: Nullable(Type.String()),
  qcReason: Nullable(Type.String()),
  status: Nullable(Type.String()),
});

export const ReturnBody = Type.Object({
  id: Type.String({ description: 'The return id (its smallest identity key: ref:…, redo:…, awb:…, req:…)' }),
  platform: Type.Union([Type.Literal('clickpost'), Type.Literal('redo')]),
  returnReference: Nullable(Type.String()),
  returnAwb: Nullable(Type.String({ description: 'Waybill of the reverse pickup' })),
  cpId: Nullable(Type.Integer()),
  forwardAwb: Nullable(Type.String()),
  forwardReference: Nullable(Type.String()),
  forwardOrderId: Nullable(Type.String()),
  status: Nullable(Type.String()),
  statusCode: Nullable(Type.Integer()),
  refundMode: Nullable(Type.String()),
  selfShipped: Nullable(Type.Boolean()),
  items: Type.Array(ReturnItem),
  pickup: Nullable(
    Type.Object(
      {
        waybill: Type.String(),
        cpId: Type.Integer(),
        statusCode: Type.Integer(),
        description: Nullable(Type.String()),
        isTerminal: Type.Boolean(),
        occurredAt: Instant,
      },
      { description: 'Current status of the reverse pickup shipment, when it is tracked' },
    ),
  ),
  channels: Type.Array(Source, { description: 'Channels the return was seen through' }),
  eventIds: Type.Array(Type.String()),
  firstSeenAt: Instant,
  lastSeenAt: Instant,
});

export const ReturnList = Type.Object({ returns: Type.Array(ReturnBody) });

export const ReturnQuery = Type.Object(
  {
    forwardAwb: Type.Optional(Identifier),
    forwardReference: Type.Optional(Identifier),
    returnReference: Type.Optional(Identifier),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const DlqQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    reason: Type.Optional(RejectionReason),
    source: Type.Optional(Source),
    includeEnvelope: Type.Optional(
      Type.Boolean({ default: false, description: 'Add the original envelope' }),
    ),
  },
  { additionalProperties: false },
);

export const DlqEntry = Type.Object({
  topic: Type.String(),
  partition: Type.Integer(),
  offset: Type.String({ description: 'Offset in the DLQ topic (a 64-bit integer as text)' }),
  deliveryId: Type.String(),
  stage: Type.String(),
  reason: Type.String(),
  detail: Type.String(),
  path: Nullable(Type.String()),
  source: Nullable(Type.String()),
  receivedAt: Nullable(Instant),
  rejectedAt: Nullable(Instant),
  envelope: Type.Optional(Type.Unknown({ description: 'The raw envelope as rejected' })),
});

export const DlqBody = Type.Object({ rejections: Type.Array(DlqEntry) });
