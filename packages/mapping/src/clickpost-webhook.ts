import { ClickpostWebhook, type DomainEvent, type StatusObservation } from '@shipfold/contracts';
import { identifiesReturn, readReturnLinks } from './clickpost-return';
import { shipmentStatusObserved } from './clickpost-shipment';
import { readCourierPartner, readObservation, readOptionalObservation } from './clickpost-status';
import type { Context } from './context';
import { clickpostReturnRequestId } from './event-id';
import { reject } from './rejection';
import { type ReturnKind, returnEvent } from './return-event';
import { structureCheck } from './structure-check';
import type { Field } from './tolerant';

/**
 * Clickpost webhooks. Which event a webhook becomes:
 *
 * 1. A return-request event (Return Order Placed: `clickpost_status_code` 101 or notification event 11;
 *    exchange request placed: 30; request approved / rejected: 22, 23, 29, 31) becomes `return.placed`
 *    (placed) or `return.updated` (approved, rejected). Return Order Placed (101) has a blank waybill
 *    and `cp_id` -1: no courier is assigned yet; with a waybill, 101 is still the request, and the
 *    waybill is kept as `returnAwb`.
 *    But a waybill with a tracking status code (any but 101) is always a courier scan as well: a
 *    notification id can add the return event, never remove the scan (2.).
 * 2. Otherwise a webhook naming a waybill is a courier scan: one `shipment.status-observed` with the
 *    outer scan, `latest_status`, NDR, EDD and, for reverse pickups (RVP: `is_rvp`), the return AWB's
 *    links to its forward AWB / reference and return reference. Those links are all the return needs
 *    from an RVP scan, so RVP scans produce no return event of their own.
 * 3. A webhook with no waybill that is marked `is_rvp` (a return event Clickpost has no code for yet)
 *    becomes `return.updated`.
 * 4. Anything else has no shipment to be about: `schema-violation` at `$.waybill`.
 *
 * Clickpost's test webhook (`test_url` + `test_data`) is an `unsupported-event`: its data is a fixed
 * sample (waybill "XYZABC"), and normalizing it would put a fictitious shipment into the record. The
 * delivery itself is still on the raw topic and in the DLQ, so whoever is testing can see it arrived.
 */

const RETURN_ORDER_PLACED = 101;

/** Notification events of Clickpost's managed returns and exchanges (docs: "Notification event"). */
const RETURN_REQUEST_EVENTS: ReadonlyMap<number, ReturnKind> = new Map([
  [11, 'placed'], // Return Request placed
  [30, 'placed'], // Exchange Request placed
  [22, 'updated'], // Return Request Approved
  [23, 'updated'], // Return Request Rejected
  [29, 'updated'], // Exchange Request approved
  [31, 'updated'], // Exchange Request Rejected
]);

const checkWebhook = structureCheck(ClickpostWebhook, 'Clickpost webhook');

export function mapClickpostWebhook(body: Field, context: Context): DomainEvent[] {
  if (body.has('test_data') && !body.has('clickpost_status_code')) {
    reject(
      'unsupported-event',
      "Clickpost test webhook (test_url + test_data): a fixed sample to check the endpoint, not a shipment's fact",
      ['test_data'],
    );
  }
  checkWebhook(body.value);
  const scan = readObservation(body, context.clickpostZone);
  const additional = body.get('additional');
  const notificationEventId =
    additional.get('notification_event_id').integer() ?? body.get('notification_event').integer();
  const waybillField = body.get('waybill');
  const waybill = waybillField.id();
  const isRvp = additional.get('is_rvp').boolean() ?? false;

  const kind =
    (notificationEventId !== null ? RETURN_REQUEST_EVENTS.get(notificationEventId) : undefined) ??
    (scan.statusCode === RETURN_ORDER_PLACED ? 'placed' : undefined) ??
    (waybill === null && isRvp ? 'updated' : undefined);
  const request = kind === undefined ? [] : [returnRequest(kind, body, scan, context)];
  // A waybill with a tracking status code is a courier's scan, whatever notification id came with it
  // (Clickpost's samples use the managed-returns ids inconsistently): the id may add a return event,
  // never remove the scan.
  const isScan = waybill !== null && scan.statusCode !== RETURN_ORDER_PLACED;
  if (kind !== undefined && !isScan) return request;

  const links = readReturnLinks(additional);
  const latestStatus = additional.get('latest_status');
  return [
    ...request,
    shipmentStatusObserved(context, scan, {
      waybill: waybill ?? waybillField.violation('missing waybill: a tracking webhook names its shipment'),
      cpId:
        readCourierPartner(body.get('cp_id')) ?? body.get('cp_id').violation('missing courier partner id'),
      accountCode: body.get('account_code').text() ?? additional.get('account_code').text(),
      latestStatus: readOptionalObservation(latestStatus, context.clickpostZone),
      ndrCode: additional.get('ndr_status_code').integer(),
      ndrDescription: additional.get('ndr_status_description').text(),
      edd: additional.get('courier_partner_edd').text(),
      isRvp,
      forwardAwb: links.forwardAwb,
      forwardReference: links.forwardReference,
      returnReference: links.returnReference,
      referenceNumber:
        body.get('reference_number').id() ??
        additional.get('reference_number').id() ??
        latestStatus.get('reference_number').id() ??
        additional.get('order_id').id(),
      notificationEventId,
    }),
  ];
}

function returnRequest(
  kind: ReturnKind,
  body: Field,
  scan: StatusObservation,
  context: Context,
): DomainEvent {
  const additional = body.get('additional');
  const links = readReturnLinks(additional);
  if (!identifiesReturn(links)) {
    additional
      .get('forward_awb')
      .violation(
        'missing forward_awb: a return request names its forward AWB, forward reference or return reference',
      );
  }
  const returnAwb = body.get('waybill').id();
  return returnEvent(
    kind,
    {
      eventId: clickpostReturnRequestId({ kind, ...scan, ...links, returnAwb }),
      occurredAt: scan.occurredAt,
    },
    context,
    {
      platform: 'clickpost',
      returnReference: links.returnReference,
      returnAwb,
      cpId: readCourierPartner(body.get('cp_id')),
      forwardAwb: links.forwardAwb,
      forwardReference: links.forwardReference,
      forwardOrderId: links.forwardOrderId,
      status: scan.status || scan.description,
      statusCode: scan.statusCode,
      refundMode: links.refundMode,
      selfShipped: links.selfShipped,
      items: links.items,
    },
  );
}
