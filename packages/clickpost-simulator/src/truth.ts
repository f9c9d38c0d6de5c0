import type { Shipment, World } from './journeys';
import { TERMINAL_CODES } from './status-codes';

/**
 * What the aggregates of a correct consumer must end up as, from the simulator's ground truth: per
 * shipment its scans, current status and links; per return its identity, links and items. Pure.
 */

export interface ExpectedScan {
  statusCode: number;
  status: string;
  location: string;
  /** UTC ISO instant. */
  occurredAt: string;
}

export interface ExpectedShipment {
  waybill: string;
  cpId: number;
  currentStatusCode: number;
  isTerminal: boolean;
  isRvp: boolean;
  forwardAwb: string | null;
  /** Oldest first. */
  scans: ExpectedScan[];
  /** NDR of the latest failed-delivery scan, if any. */
  ndr: { code: number; description: string } | null;
}

export interface ExpectedReturn {
  returnReference: string;
  forwardAwb: string;
  forwardReference: string;
  /** The RVP pickup waybill, when one was assigned. */
  returnAwb: string | null;
  returnCpId: number | null;
  items: { sku: string; quantity: number }[];
  requestedAt: string;
}

export interface GroundTruth {
  shipments: ExpectedShipment[];
  returns: ExpectedReturn[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function expectedShipment(shipment: Shipment): ExpectedShipment {
  const last = shipment.scans.at(-1);
  if (last === undefined) throw new Error(`shipment ${shipment.waybill} has no scans`);
  return {
    waybill: shipment.waybill,
    cpId: shipment.cpId,
    currentStatusCode: last.code,
    isTerminal: TERMINAL_CODES.has(last.code),
    isRvp: shipment.isRvp,
    forwardAwb: shipment.forwardAwb,
    scans: shipment.scans.map((scan) => ({
      statusCode: scan.code,
      status: scan.status,
      location: scan.location,
      occurredAt: iso(scan.at),
    })),
    ndr: shipment.scans.findLast((scan) => scan.ndr !== null)?.ndr ?? null,
  };
}

export function groundTruth(world: World): GroundTruth {
  return {
    shipments: world.shipments.map(expectedShipment),
    returns: world.returns.map((order) => ({
      returnReference: order.returnReference,
      forwardAwb: order.forwardAwb,
      forwardReference: order.forwardReference,
      returnAwb: order.pickup?.waybill ?? null,
      returnCpId: order.pickup?.cpId ?? null,
      items: order.items
        .map(({ sku, quantity }) => ({ sku, quantity }))
        .sort((a, b) => (a.sku < b.sku ? -1 : 1)),
      requestedAt: iso(order.requestedAt),
    })),
  };
}
