import { RedoReturnEvent, type ReturnItem, type ReturnPlaced, type ReturnUpdated } from '@shipfold/contracts';
import type { Context } from './context';
import { redoReturnId } from './event-id';
import { reject } from './rejection';
import { type ReturnKind, returnEvent } from './return-event';
import { structureCheck } from './structure-check';
import { readInstant } from './time';
import type { Field } from './tolerant';

/**
 * Redo return events. `created` becomes `return.placed`; `updated` and `backfill` (a re-send of a
 * return's current state) become `return.updated`. The event is the return's state as of its
 * `updatedAt` (else the event's `at`): id = return id + that instant, so a backfill of an unchanged
 * return is the event already recorded.
 *
 * Redo documents RFC 3339 date-times: a timestamp without a zone is unreadable, not guessed.
 * Links: the return id is the return reference; the order's name (`#1234`) the forward reference and its
 * external (shop) id the forward order id; the return shipment's tracker the return AWB. An item's SKU
 * is its own `sku`, else the variant SKU of the order item it returns.
 */

const KINDS: ReadonlyMap<string, ReturnKind> = new Map([
  ['created', 'placed'],
  ['updated', 'updated'],
  ['backfill', 'updated'],
]);

const checkEvent = structureCheck(RedoReturnEvent, 'Redo return event');
const ZONED_ONLY = null;

export function mapRedo(body: Field, context: Context): (ReturnPlaced | ReturnUpdated)[] {
  checkEvent(body.value);
  const type = body.get('type').text()?.toLowerCase() ?? '';
  const kind = KINDS.get(type);
  if (kind === undefined) {
    reject('unsupported-event', `Redo event type "${type.slice(0, 40)}" is not a return event`, ['type']);
  }
  const ret = body.get('return');
  const order = body.get('order');
  const returnReference = ret.get('id').requiredId('return id');
  const occurredAt =
    readInstant(ret.get('updatedAt'), ZONED_ONLY) ??
    readInstant(body.get('at'), ZONED_ONLY) ??
    ret.get('updatedAt').violation('missing updatedAt of the return');
  const shipment = ret.get('shipment').absent ? ret.at('shipments', 0) : ret.get('shipment');

  return [
    returnEvent(kind, { eventId: redoReturnId(returnReference, occurredAt), occurredAt }, context, {
      platform: 'redo',
      returnReference,
      returnAwb: shipment.get('tracker').id(),
      cpId: null,
      forwardAwb: null,
      forwardReference: order.get('name').id() ?? ret.at('order', 'name').id(),
      forwardOrderId: order.get('externalId').id() ?? ret.at('externalOrderIds', 0).id(),
      status: ret.get('status').text(),
      statusCode: null,
      refundMode: null,
      selfShipped: null,
      items: ret
        .get('items')
        .items()
        .map((item) => redoItem(item, order)),
    }),
  ];
}

function redoItem(item: Field, order: Field): ReturnItem {
  const orderItemId = item.at('orderItem', 'id').id();
  const orderItem = order
    .get('items')
    .items()
    .find((candidate) => orderItemId !== null && candidate.get('id').id() === orderItemId);
  const quantityField = item.get('quantity');
  const quantity = quantityField.integer() ?? 1;
  if (quantity < 0) quantityField.violation(`negative quantity ${quantity}`);
  return {
    sku:
      item.get('sku').id() ??
      orderItem?.at('variant', 'sku').id() ??
      item.get('sku').violation('missing sku: neither on the item nor on the order item it returns'),
    quantity,
    reason: item.get('reason').text() ?? item.get('reasonCode').text(),
    refundMode: item.at('refund', 'type').text(),
    qcStatus: null,
    qcReason: null,
    status: item.get('status').text(),
  };
}
