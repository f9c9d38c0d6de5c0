import type { Prng, ReturnOrder } from '@shipfold/clickpost-simulator';

/**
 * Increff's side: the warehouse's QC callback for each Clickpost return whose pickup reached the
 * warehouse (delivered), one row per unit as Increff sends them. Every unit of one SKU gets the same
 * outcome, so the expected QC status per item is plain. Pure.
 */

export interface QcOutcome {
  returnReference: string;
  /** Increff's `messageId`: unique per callback. */
  messageId: number;
  /** When the warehouse finished QC, epoch ms. */
  at: number;
  /** SKU → PASS or FAIL. */
  qc: ReadonlyMap<string, 'PASS' | 'FAIL'>;
}

const HOUR = 60 * 60 * 1000;

/** The QC outcome of every return whose pickup was delivered to the warehouse (code 8). */
export function qcOutcomes(prng: Prng, returns: readonly ReturnOrder[], firstMessageId: number): QcOutcome[] {
  let messageId = firstMessageId;
  return returns.flatMap((order) => {
    const arrived = order.pickup?.scans.find((scan) => scan.code === 8);
    if (!arrived) return [];
    return [
      {
        returnReference: order.returnReference,
        messageId: messageId++,
        at: arrived.at + prng.int(2, 30) * HOUR,
        qc: new Map(order.items.map((item) => [item.sku, prng.chance(0.8) ? 'PASS' : 'FAIL'] as const)),
      },
    ];
  });
}

export function increffCallback(order: ReturnOrder, outcome: QcOutcome): Record<string, unknown> {
  const eventTime = new Date(outcome.at).toISOString().replace('Z', '+00:00');
  return {
    partnerCode: 'SHIPFOLD',
    locationCode: 'WH-PUNE-1',
    channelName: 'CLICKPOST',
    returnOrderCode: order.returnReference,
    forwardOrderCode: order.forwardReference,
    messageId: outcome.messageId,
    returnOrderType: 'CUSTOMER_RETURN',
    eventTime,
    awbNumber: order.pickup?.waybill ?? null,
    items: order.items.flatMap((item, index) =>
      Array.from({ length: item.quantity }, (_, unit) => {
        const qcStatus = outcome.qc.get(item.sku) ?? 'PASS';
        return {
          itemCode: `${order.returnReference}-${index}-${unit}`,
          channelSkuCode: item.sku,
          returnReason: item.reason,
          returnOrderItemStatus: 'QC_DONE',
          qcStatus,
          qcReason: qcStatus === 'FAIL' ? 'DAMAGED' : null,
        };
      }),
    ),
  };
}
