import type { ReturnOrder, Scan, Shipment } from './journeys';
import { RETURN_ORDER_PLACED, statusCode } from './status-codes';
import { isoMicros, isoSeconds, naiveMicros, naiveSeconds } from './time-format';

/**
 * Clickpost's payload shapes, built from the ground truth (same fields as the published samples and
 * the seeds). Pure.
 */

type Json = Record<string, unknown>;

export interface PayloadOptions {
  /** Zone of naive timestamps (track-order, Return Order Placed): Clickpost documents IST. */
  naiveZone: string;
}

function statusFields(scan: Scan, timestamp: string): Json {
  const code = statusCode(scan.code);
  return {
    clickpost_status_code: scan.code,
    clickpost_status_description: code.description,
    clickpost_status_bucket: code.bucket,
    clickpost_status_bucket_description: code.bucketDescription,
    status: scan.status,
    location: scan.location,
    remark: scan.remark,
    timestamp,
  };
}

/** RVP links, as Clickpost's reverse-pickup webhooks carry them in `additional`. */
function rvpLinks(shipment: Shipment, withReference: boolean): Json {
  if (!shipment.isRvp) return { is_rvp: false };
  return {
    is_rvp: true,
    forward_awb: shipment.forwardAwb,
    forward_reference_number: shipment.forwardReference,
    ...(withReference ? { return_reference_number: shipment.returnReference } : {}),
  };
}

/**
 * An all-status tracking webhook for `scan`: the outer fields are the scan, `additional.latest_status`
 * is what Clickpost knew as latest when sending (the newest scan of a burst).
 */
export function scanWebhook(shipment: Shipment, scan: Scan, latest: Scan, withReference: boolean): Json {
  return {
    waybill: shipment.waybill,
    cp_id: shipment.cpId,
    ...statusFields(scan, isoSeconds(scan.at)),
    additional: {
      latest_status: { ...statusFields(latest, isoSeconds(latest.at)), reference_number: shipment.orderId },
      ...rvpLinks(shipment, withReference),
      courier_partner_edd: shipment.edd,
      order_id: shipment.orderId,
      account_code: shipment.accountCode,
      ...(scan.ndr ? { ndr_status_code: scan.ndr.code, ndr_status_description: scan.ndr.description } : {}),
    },
  };
}

function returnItems(returnOrder: ReturnOrder, detailed: boolean): Json[] {
  return returnOrder.items.map((item) => ({
    sku: item.sku,
    quantity: item.quantity,
    ...(detailed ? { return_reason: item.reason, refund_mode: item.refundMode } : {}),
  }));
}

/** The Return Order Placed webhook (seed 000): blank waybill, cp_id -1, code 101, no return reference. */
export function returnPlacedWebhook(returnOrder: ReturnOrder, options: PayloadOptions): Json {
  const timestamp = naiveMicros(returnOrder.requestedAt, options.naiveZone);
  const placed = {
    clickpost_status_bucket_description: RETURN_ORDER_PLACED.bucketDescription,
    clickpost_status_description: RETURN_ORDER_PLACED.description,
    clickpost_status_bucket: RETURN_ORDER_PLACED.bucket,
    remark: RETURN_ORDER_PLACED.description,
    status: RETURN_ORDER_PLACED.description,
    location: '',
    timestamp,
    clickpost_status_code: RETURN_ORDER_PLACED.code,
  };
  return {
    ...placed,
    notification_event: RETURN_ORDER_PLACED.notificationEvent,
    cp_id: -1,
    waybill: '',
    additional: {
      latest_status: placed,
      is_rvp: true,
      notification_event_id: RETURN_ORDER_PLACED.notificationEvent,
      forward_awb: returnOrder.forwardAwb,
      self_shipped: returnOrder.selfShipped,
      forward_reference_number: returnOrder.forwardReference,
      item_info: returnItems(returnOrder, false),
    },
  };
}

/** A number that stands for Clickpost's internal ids, derived from a waybill. */
const internalId = (text: string, salt: number): number =>
  Number(text.replace(/\D/g, '').slice(-8) || '0') * 10 + salt;

/** One Returns Polling Delta result as Clickpost would show it at `now`. */
export function deltaRecord(returnOrder: ReturnOrder, now: number): Json {
  const pickup = returnOrder.pickup && returnOrder.pickup.awbAssignedAt <= now ? returnOrder.pickup : null;
  const requested = isoSeconds(returnOrder.requestedAt);
  const latest = {
    location: '',
    remark: RETURN_ORDER_PLACED.description,
    clickpost_status_code: RETURN_ORDER_PLACED.code,
    clickpost_status_description: RETURN_ORDER_PLACED.description,
    clickpost_status_bucket: RETURN_ORDER_PLACED.bucket,
    clickpost_status_bucket_description: RETURN_ORDER_PLACED.bucketDescription,
    timestamp: requested,
    status: RETURN_ORDER_PLACED.description,
  };
  return {
    return_reference_number: returnOrder.returnReference,
    status: pickup ? 'SUCCESS' : 'NEW_CASE',
    'Return Request Timestamp': isoMicros(returnOrder.requestedAt),
    cp_id: pickup?.cpId ?? null,
    cp_name: pickup?.courierName ?? null,
    account_code: pickup?.accountCode ?? null,
    return_tracking_id: pickup ? internalId(pickup.waybill, 1) : null,
    awb: pickup?.waybill ?? null,
    timestamp: pickup ? isoMicros(pickup.awbAssignedAt) : null,
    refund_mode: returnOrder.refundMode,
    source: 'Returns Page',
    webhook_payload: {
      waybill: pickup?.waybill ?? '',
      cp_id: pickup?.cpId ?? -1,
      status: RETURN_ORDER_PLACED.description,
      location: '',
      clickpost_status_code: RETURN_ORDER_PLACED.code,
      notification_event: RETURN_ORDER_PLACED.notificationEvent,
      clickpost_status_description: RETURN_ORDER_PLACED.description,
      clickpost_status_bucket_description: RETURN_ORDER_PLACED.bucketDescription,
      remark: RETURN_ORDER_PLACED.description,
      account_code: pickup?.accountCode ?? '',
      additional: {
        latest_status: latest,
        source: 'Returns Page',
        forward_order_id: returnOrder.forwardOrderId,
        is_rvp: true,
        forward_awb: returnOrder.forwardAwb,
        forward_reference_number: returnOrder.forwardReference,
        notification_event_id: RETURN_ORDER_PLACED.notificationEvent,
        self_shipped: returnOrder.selfShipped,
        item_info: returnItems(returnOrder, true),
        return_reference_number: returnOrder.returnReference,
      },
      clickpost_status_bucket: RETURN_ORDER_PLACED.bucket,
      timestamp: requested,
      return_reference_number: returnOrder.returnReference,
      request_placed_time: requested,
    },
  };
}

/** A track-order result entry as of `now`: the scans seen so far, newest first. */
export function trackOrderEntry(shipment: Shipment, now: number, options: PayloadOptions): Json | null {
  const visible = shipment.scans.filter((scan) => scan.at <= now);
  const latest = visible.at(-1);
  if (latest === undefined) return null;
  const trackingId = internalId(shipment.waybill, 7);
  const lastNdr = visible.findLast((scan) => scan.ndr !== null)?.ndr ?? null;
  return {
    latest_status: statusFields(latest, naiveSeconds(latest.at, options.naiveZone)),
    scans: visible
      .map((scan, index) => ({
        ...statusFields(scan, naiveSeconds(scan.at, options.naiveZone)),
        tracking_id: trackingId,
        checkpoint_id: trackingId * 100 + index,
      }))
      .reverse(),
    valid: true,
    additional: {
      is_stuck: false,
      order_id: shipment.orderId,
      reference_number: shipment.orderId,
      account_code: shipment.accountCode,
      sku: shipment.items.map((item) => item.sku),
      edd: { min_sla: 2, max_sla: 5 },
      courier_partner_edd: shipment.edd,
      courier_partner_id: shipment.cpId,
      courier_partner_name: shipment.courierName,
      ...(lastNdr ? { ndr: { ndr_bucket_code: lastNdr.code, ndr_description: lastNdr.description } } : {}),
      ...rvpLinks(shipment, true),
    },
  };
}
