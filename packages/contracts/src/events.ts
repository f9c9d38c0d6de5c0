import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Instant } from './instant-pattern';
import { Source } from './sources';

/**
 * Domain events: what shipfold learned from a delivery, in vendor-neutral terms. Other teams read
 * these topics, so every change must stay BACKWARD compatible: add optional fields only. Objects
 * are closed (`additionalProperties: false`): under an open content model a JSON Schema
 * compatibility check counts any added property as a narrowing and refuses it.
 */

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** Fields every domain event carries. */
const EventMeta = {
  eventId: Type.String({
    description:
      'Deterministic id derived from the vendor identity of the fact, so the same fact delivered twice ' +
      '(by webhook and by poll) is the same event',
  }),
  occurredAt: Instant,
  source: Source,
  deliveryId: Type.String({ description: 'The raw envelope this event was derived from' }),
  receivedAt: Instant,
};

/** One Clickpost status observation (a scan). */
export const StatusObservation = Type.Object(
  {
    statusCode: Type.Integer({ description: 'clickpost_status_code' }),
    status: Type.String({ description: "The carrier's status text" }),
    description: Nullable(Type.String({ description: 'clickpost_status_description' })),
    bucket: Nullable(Type.Integer({ description: 'clickpost_status_bucket' })),
    bucketDescription: Nullable(Type.String()),
    location: Nullable(Type.String()),
    remark: Nullable(Type.String()),
    occurredAt: Instant,
  },
  { additionalProperties: false },
);
export type StatusObservation = Static<typeof StatusObservation>;

export const ShipmentStatusObserved = Type.Object(
  {
    type: Type.Literal('shipment.status-observed'),
    ...EventMeta,
    waybill: Type.String(),
    cpId: Type.Integer({ description: 'Clickpost courier partner id' }),
    accountCode: Nullable(Type.String()),
    /** The outer scan of the delivery; `occurredAt` of the event is its scan time. */
    ...StatusObservation.properties,
    latestStatus: Nullable(StatusObservation),
    latestStatusCode: Nullable(
      Type.Integer({ description: 'latestStatus.statusCode, for readers of flat lines' }),
    ),
    ndrCode: Nullable(Type.Integer({ description: 'Clickpost NDR status code' })),
    ndrDescription: Nullable(Type.String()),
    edd: Nullable(Type.String({ description: 'Expected delivery date as sent (ISO date or date-time)' })),
    isRvp: Type.Boolean({ description: 'A reverse pickup (return) shipment' }),
    forwardAwb: Nullable(Type.String()),
    forwardReference: Nullable(Type.String()),
    returnReference: Nullable(Type.String({ description: 'Clickpost return reference number, for RVPs' })),
    referenceNumber: Nullable(Type.String({ description: "The merchant's order reference" })),
    notificationEventId: Nullable(Type.Integer()),
  },
  { title: 'shipment.status-observed', additionalProperties: false },
);
export type ShipmentStatusObserved = Static<typeof ShipmentStatusObserved>;

export const ReturnItem = Type.Object(
  {
    sku: Type.String(),
    quantity: Type.Integer({ minimum: 0 }),
    reason: Nullable(Type.String()),
    refundMode: Nullable(Type.String()),
    qcStatus: Nullable(Type.String({ description: 'Warehouse QC outcome, e.g. PASS / FAIL' })),
    qcReason: Nullable(Type.String()),
    status: Nullable(Type.String({ description: 'Item status at the returns platform' })),
  },
  { additionalProperties: false },
);
export type ReturnItem = Static<typeof ReturnItem>;

/** Identity and links of a return, as far as one delivery reveals them. */
const ReturnFacts = {
  platform: Type.Union([Type.Literal('clickpost'), Type.Literal('redo')], {
    description: 'The returns platform that owns the return',
  }),
  returnReference: Nullable(
    Type.String({
      description: "The platform's return id (Clickpost return reference = Increff returnOrderCode)",
    }),
  ),
  returnAwb: Nullable(Type.String({ description: 'Waybill of the reverse pickup' })),
  cpId: Nullable(Type.Integer()),
  forwardAwb: Nullable(Type.String()),
  forwardReference: Nullable(
    Type.String({ description: 'Reference number (order id) of the forward shipment' }),
  ),
  forwardOrderId: Nullable(Type.String()),
  status: Nullable(Type.String()),
  statusCode: Nullable(Type.Integer()),
  refundMode: Nullable(Type.String()),
  selfShipped: Nullable(Type.Boolean()),
  items: Type.Array(ReturnItem),
};

export const ReturnPlaced = Type.Object(
  { type: Type.Literal('return.placed'), ...EventMeta, ...ReturnFacts },
  { title: 'return.placed', additionalProperties: false },
);
export type ReturnPlaced = Static<typeof ReturnPlaced>;

export const ReturnUpdated = Type.Object(
  { type: Type.Literal('return.updated'), ...EventMeta, ...ReturnFacts },
  { title: 'return.updated', additionalProperties: false },
);
export type ReturnUpdated = Static<typeof ReturnUpdated>;

/** Warehouse processing (QC) of returned items. */
export const ReturnProcessed = Type.Object(
  {
    type: Type.Literal('return.processed'),
    ...EventMeta,
    returnReference: Type.String({ description: 'Increff returnOrderCode = Clickpost return reference' }),
    forwardReference: Nullable(Type.String()),
    locationCode: Nullable(Type.String()),
    items: Type.Array(ReturnItem),
  },
  { title: 'return.processed', additionalProperties: false },
);
export type ReturnProcessed = Static<typeof ReturnProcessed>;

export const ShipmentEvent = Type.Union([ShipmentStatusObserved], { title: 'shipfold shipment event v1' });
export type ShipmentEvent = Static<typeof ShipmentEvent>;

export const ReturnEvent = Type.Union([ReturnPlaced, ReturnUpdated, ReturnProcessed], {
  title: 'shipfold return event v1',
});
export type ReturnEvent = Static<typeof ReturnEvent>;

export type DomainEvent = ShipmentEvent | ReturnEvent;
