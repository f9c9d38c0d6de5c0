import type { ExpectedShipment, GroundTruth, ReturnOrder } from '@shipfold/clickpost-simulator';
import type { QcOutcome } from './increff';
import type { RedoReturn } from './redo';
import type { ReturnTruth } from './truth-check';

/**
 * What every aggregate must end up as after a load, from the world the harness sent: the simulator's
 * shipments and Clickpost returns (with the warehouse's QC per item once Increff reported it), and the
 * Redo returns. Pure.
 */

export interface ExpectedItem {
  sku: string;
  quantity: number;
  qcStatus: string | null;
}

export type ExpectedReturn = ReturnTruth & { items: ExpectedItem[] };

export interface HarnessTruth {
  shipments: ExpectedShipment[];
  returns: ExpectedReturn[];
  /** Shipments whose failed-delivery webhook was dropped: their NDR code cannot be known. */
  ndrUnknowable: Set<string>;
}

const bySku = (a: { sku: string }, b: { sku: string }) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);

export function harnessTruth(
  clickpost: GroundTruth,
  clickpostReturns: readonly ReturnOrder[],
  qc: readonly QcOutcome[],
  redo: readonly RedoReturn[],
  knowable: (aggregate: string) => boolean,
  ndrUnknowable: Set<string> = new Set(),
): HarnessTruth {
  const qcOf = new Map(qc.map((outcome) => [outcome.returnReference, outcome.qc]));
  const requested = new Map(clickpostReturns.map((order) => [order.returnReference, order]));
  return {
    shipments: clickpost.shipments.filter(
      (shipment) => shipment.isRvp || knowable(`shipment:${shipment.cpId}:${shipment.waybill}`),
    ),
    returns: [
      ...clickpost.returns.map((expected) => ({
        returnReference: expected.returnReference,
        forwardAwb: expected.forwardAwb,
        forwardReference: expected.forwardReference,
        returnAwb: expected.returnAwb,
        returnCpId: expected.returnCpId,
        items: (requested.get(expected.returnReference)?.items ?? [])
          .map(({ sku, quantity }) => ({
            sku,
            quantity,
            qcStatus: qcOf.get(expected.returnReference)?.get(sku) ?? null,
          }))
          .sort(bySku),
      })),
      ...redo.map((order) => ({
        returnReference: order.id,
        forwardAwb: null,
        forwardReference: order.orderName,
        // The read model links a return AWB together with its Clickpost courier (cp_id), to the pickup
        // shipment; Redo's carrier tracker is not a Clickpost shipment, so no return AWB is stored.
        returnAwb: null,
        returnCpId: null,
        items: order.items.map(({ sku, quantity }) => ({ sku, quantity, qcStatus: null })).sort(bySku),
      })),
    ],
    ndrUnknowable,
  };
}
