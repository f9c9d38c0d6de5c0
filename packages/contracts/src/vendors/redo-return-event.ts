import { type Static, Type } from '@sinclair/typebox';
import { LooseInteger, LooseText, LooseTimestamp, Maybe } from './loose';

const RedoMoney = Type.Object({ amount: Type.Optional(LooseText), currency: Type.Optional(LooseText) });

/** An item of a Redo return. */
export const RedoReturnItem = Type.Object({
  id: Type.Optional(LooseText),
  orderItem: Maybe(Type.Object({ id: Type.Optional(LooseText), line_item_id: Type.Optional(LooseText) })),
  sku: Type.Optional(LooseText),
  quantity: Type.Optional(LooseInteger),
  status: Type.Optional(LooseText),
  reason: Type.Optional(LooseText),
  reasonCode: Type.Optional(LooseText),
  refund: Maybe(
    Type.Object({
      amount: Maybe(Type.Object({ amount: Type.Optional(LooseText) })),
      type: Type.Optional(LooseText),
    }),
  ),
});

/** The return of a Redo return event. */
export const RedoReturn = Type.Object({
  id: LooseText,
  status: Type.Optional(LooseText),
  createdAt: Type.Optional(LooseTimestamp),
  updatedAt: Type.Optional(LooseTimestamp),
  order: Maybe(Type.Object({ id: Type.Optional(LooseText), name: Type.Optional(LooseText) })),
  externalOrderIds: Maybe(Type.Array(LooseText)),
  items: Maybe(Type.Array(RedoReturnItem)),
  shipment: Maybe(
    Type.Object({
      carrier: Type.Optional(LooseText),
      tracker: Type.Optional(LooseText),
      status: Type.Optional(LooseText),
    }),
  ),
});

/** An item of the order a Redo return belongs to (carries the variant SKU). */
export const RedoOrderItem = Type.Object({
  id: Type.Optional(LooseText),
  externalId: Type.Optional(LooseText),
  quantity: Type.Optional(LooseInteger),
  variant: Maybe(Type.Object({ sku: Type.Optional(LooseText), externalId: Type.Optional(LooseText) })),
  price: Maybe(RedoMoney),
});

/** Redo's return event webhook (`type`: created, updated, backfill). */
export const RedoReturnEvent = Type.Object(
  {
    type: LooseText,
    at: Type.Optional(LooseTimestamp),
    merchantName: Type.Optional(LooseText),
    return: RedoReturn,
    order: Maybe(
      Type.Object({
        id: Type.Optional(LooseText),
        externalId: Type.Optional(LooseText),
        name: Type.Optional(LooseText),
        items: Maybe(Type.Array(RedoOrderItem)),
      }),
    ),
  },
  { title: 'Redo return event', description: 'Unknown fields are kept' },
);
export type RedoReturnEvent = Static<typeof RedoReturnEvent>;
