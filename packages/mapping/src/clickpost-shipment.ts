import type { ShipmentStatusObserved, StatusObservation } from '@shipfold/contracts';
import { type Context, deliveryFields } from './context';
import { clickpostScanId } from './event-id';

/** What a delivery says about the shipment besides the scan itself. */
export interface ShipmentFacts {
  waybill: string;
  cpId: number;
  accountCode: string | null;
  latestStatus: StatusObservation | null;
  ndrCode: number | null;
  ndrDescription: string | null;
  edd: string | null;
  isRvp: boolean;
  forwardAwb: string | null;
  forwardReference: string | null;
  returnReference: string | null;
  referenceNumber: string | null;
  notificationEventId: number | null;
}

/**
 * One `shipment.status-observed` event per scan. Its id depends on the scan alone (see event-id.ts), so a
 * webhook and a track-order poll of the same scan give the same id; the context they carry (latest
 * status, NDR, EDD, RVP links) may differ with the channel and the moment of delivery.
 */
export function shipmentStatusObserved(
  context: Context,
  scan: StatusObservation,
  facts: ShipmentFacts,
): ShipmentStatusObserved {
  const { occurredAt, ...observation } = scan;
  return {
    type: 'shipment.status-observed',
    eventId: clickpostScanId({ ...scan, cpId: facts.cpId, waybill: facts.waybill }),
    occurredAt,
    ...deliveryFields(context),
    waybill: facts.waybill,
    cpId: facts.cpId,
    accountCode: facts.accountCode,
    ...observation,
    latestStatus: facts.latestStatus,
    latestStatusCode: facts.latestStatus?.statusCode ?? null,
    ndrCode: facts.ndrCode,
    ndrDescription: facts.ndrDescription,
    edd: facts.edd,
    isRvp: facts.isRvp,
    forwardAwb: facts.forwardAwb,
    forwardReference: facts.forwardReference,
    returnReference: facts.returnReference,
    referenceNumber: facts.referenceNumber,
    notificationEventId: facts.notificationEventId,
  };
}
