import type { ReturnItem } from '@shipfold/contracts';
import type { Field } from './tolerant';

/** How a Clickpost payload links a return to its forward shipment, and what is being returned. */
export interface ClickpostReturnLinks {
  returnReference: string | null;
  forwardAwb: string | null;
  forwardReference: string | null;
  forwardOrderId: string | null;
  selfShipped: boolean | null;
  refundMode: string | null;
  items: ReturnItem[];
}

/** Reads the return links of a webhook's `additional` (also inside a delta record's `webhook_payload`). */
export function readReturnLinks(additional: Field): ClickpostReturnLinks {
  const itemInfo = additional.get('item_info').items();
  const items = itemInfo.map(readItem);
  // The return reference sits in `additional` or, in delta results, on each item.
  const itemReference = itemInfo
    .map((item) => item.get('return_reference_number').id())
    .find((ref) => ref !== null);
  return {
    returnReference: additional.get('return_reference_number').id() ?? itemReference ?? null,
    forwardAwb: additional.get('forward_awb').id(),
    forwardReference: additional.get('forward_reference_number').id(),
    forwardOrderId: additional.get('forward_order_id').id(),
    selfShipped: additional.get('self_shipped').boolean(),
    refundMode: additional.get('refund_mode').text(),
    items,
  };
}

/**
 * An `item_info[]` entry. Every documented sample gives a quantity; an item listed without one is a
 * single unit (it is listed because it is being returned).
 */
function readItem(item: Field): ReturnItem {
  const quantityField = item.get('quantity');
  const quantity = quantityField.integer() ?? 1;
  if (quantity < 0) quantityField.violation(`negative quantity ${quantity}`);
  return {
    sku: item.get('sku').requiredId('sku'),
    quantity,
    reason: item.get('return_reason').text(),
    refundMode: item.get('refund_mode').text(),
    qcStatus: null,
    qcReason: null,
    status: null,
  };
}

/** Whether the links identify a return at all. */
export const identifiesReturn = (links: ClickpostReturnLinks): boolean =>
  links.returnReference !== null || links.forwardAwb !== null || links.forwardReference !== null;
