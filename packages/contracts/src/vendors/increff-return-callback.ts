import { type Static, Type } from '@sinclair/typebox';
import { LooseBoolean, LooseText, LooseTimestamp, Maybe } from './loose';

/** One processed return item (one unit): its SKU and the warehouse QC outcome. */
export const IncreffReturnItem = Type.Object({
  itemCode: Type.Optional(LooseText),
  returnItemCode: Type.Optional(LooseText),
  channelSkuCode: LooseText,
  returnReason: Type.Optional(LooseText),
  reason: Type.Optional(LooseText),
  returnOrderItemStatus: Type.Optional(LooseText),
  qcStatus: Type.Optional(LooseText),
  qcReason: Type.Optional(LooseText),
  isExcess: Type.Optional(LooseBoolean),
  imageUrls: Maybe(Type.Array(LooseText)),
});
export type IncreffReturnItem = Static<typeof IncreffReturnItem>;

/**
 * Increff's outbound return-order callback. The processing callback (`messageId`, `items[]` with QC)
 * and the Returns Processing Update API (`orderItems[]` with QC, no ids or times) are normalized;
 * `eventType: RETURN_ORDER_CREATE` pushes share the endpoint. `returnOrderCode` is the Clickpost
 * return reference number.
 */
export const IncreffReturnCallback = Type.Object(
  {
    returnOrderCode: LooseText,
    forwardOrderCode: Type.Optional(LooseText),
    locationCode: Type.Optional(LooseText),
    partnerLocationCode: Type.Optional(LooseText),
    channelName: Type.Optional(LooseText),
    messageId: Type.Optional(LooseText),
    eventType: Type.Optional(LooseText),
    eventTime: Type.Optional(LooseTimestamp),
    returnCreationTime: Type.Optional(LooseTimestamp),
    returnGateEntryCreationTime: Type.Optional(LooseTimestamp),
    returnOrderTime: Type.Optional(LooseTimestamp),
    returnOrderType: Type.Optional(LooseText),
    awbNumber: Type.Optional(LooseText),
    consignmentNumber: Type.Optional(LooseText),
    items: Maybe(Type.Array(IncreffReturnItem)),
    orderItems: Maybe(Type.Array(IncreffReturnItem)),
  },
  { title: 'Increff return-order callback', description: 'Unknown fields are kept' },
);
export type IncreffReturnCallback = Static<typeof IncreffReturnCallback>;
