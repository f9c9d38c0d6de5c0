import { IncreffReturnCallback, type ReturnItem, type ReturnProcessed } from '@shipfold/contracts';
import { type Context, deliveryFields } from './context';
import { increffMessageId, increffOutcomeId } from './event-id';
import { reject } from './rejection';
import { structureCheck } from './structure-check';
import { readInstant } from './time';
import type { Field } from './tolerant';

/**
 * Increff return-order callbacks → `return.processed`: the warehouse's QC outcome per returned item.
 * `returnOrderCode` is the Clickpost return reference number. Items come as `items[]` (processing
 * callback) or `orderItems[]` (Returns Processing Update API); each row is one unit, so rows that agree
 * on SKU, QC status, QC reason, item status and return reason are one item with their count as quantity.
 * Child postings of virtual and bundled SKUs are not items of their own (the parent row has the outcome).
 *
 * A callback with no QC outcome on any item (e.g. `eventType: RETURN_ORDER_CREATE`, a return order
 * pushed to the warehouse) reports no processing: `unsupported-event`.
 *
 * Time: `eventTime`; the Returns Processing Update API sends none, and then the receipt time stands in
 * (the callback is sent when the processing happens). Increff documents zoned date-times.
 * Id: `messageId` ("for de-duplication") when present, else a digest of the return order and its
 * item outcomes (event-id.ts).
 */

const checkCallback = structureCheck(IncreffReturnCallback, 'Increff return-order callback');
const ZONED_ONLY = null;

interface Row {
  itemCode: string | null;
  item: ReturnItem;
}

export function mapIncreff(body: Field, context: Context): ReturnProcessed[] {
  checkCallback(body.value);
  const returnReference = body.get('returnOrderCode').requiredId('returnOrderCode');
  const list = body.get('items').absent ? body.get('orderItems') : body.get('items');
  const rows = list.items().map(readRow);
  if (!rows.some((row) => row.item.qcStatus !== null)) {
    const eventType = body.get('eventType').text();
    reject(
      'unsupported-event',
      `Increff callback${eventType === null ? '' : ` ${eventType.slice(0, 40)}`} reports no QC outcome for any item`,
      list.path,
    );
  }
  const eventTime = readInstant(body.get('eventTime'), ZONED_ONLY);
  const messageId = body.get('messageId').id();
  const eventId =
    messageId !== null
      ? increffMessageId(messageId)
      : increffOutcomeId(returnReference, eventTime, rows.map(outcomeIdentity));
  return [
    {
      type: 'return.processed',
      eventId,
      occurredAt: eventTime ?? context.receivedAt,
      ...deliveryFields(context),
      returnReference,
      forwardReference: body.get('forwardOrderCode').id(),
      locationCode: body.get('locationCode').id(),
      items: groupUnits(rows.map((row) => row.item)),
    },
  ];
}

function readRow(row: Field): Row {
  return {
    itemCode: row.get('itemCode').id() ?? row.get('returnItemCode').id(),
    item: {
      sku: row.get('channelSkuCode').requiredId('channelSkuCode'),
      quantity: 1,
      reason: row.get('returnReason').text() ?? row.get('reason').text(),
      refundMode: null,
      qcStatus: row.get('qcStatus').text(),
      qcReason: row.get('qcReason').text(),
      status: row.get('returnOrderItemStatus').text(),
    },
  };
}

const outcomeIdentity = ({ itemCode, item }: Row): string =>
  JSON.stringify([itemCode, item.sku, item.qcStatus, item.qcReason, item.status]);

/** Units that agree on everything reported about them are one item; first-seen order is kept. */
function groupUnits(units: ReturnItem[]): ReturnItem[] {
  const groups = new Map<string, ReturnItem>();
  for (const unit of units) {
    const key = JSON.stringify([unit.sku, unit.qcStatus, unit.qcReason, unit.status, unit.reason]);
    const group = groups.get(key);
    if (group) group.quantity += unit.quantity;
    else groups.set(key, { ...unit });
  }
  return [...groups.values()];
}
