import {
  ClickpostTrackOrderResponse,
  type ShipmentStatusObserved,
  type StatusObservation,
  TRACK_ORDER_CP_ID_HEADER,
} from '@shipfold/contracts';
import { rejectApiError } from './clickpost-api';
import { readReturnLinks } from './clickpost-return';
import { shipmentStatusObserved } from './clickpost-shipment';
import { readCourierPartner, readObservation, readOptionalObservation } from './clickpost-status';
import type { Context } from './context';
import { reject } from './rejection';
import { structureCheck } from './structure-check';
import { Field } from './tolerant';

/**
 * The track-order API response: every scan of every waybill asked for becomes a
 * `shipment.status-observed`, with the same id a webhook of that scan gets (event-id.ts), so a poll that
 * fills a gap left by a dropped webhook duplicates nothing. `latest_status` is an observation too: it
 * is emitted as a scan (it normally is the newest scan, and then collapses into it by id) and carried
 * by every scan event as `latestStatus`.
 *
 * Shapes: `result` maps waybill → record (`scans`, `latest_status`, `additional`, `valid`); legacy
 * responses map waybill → the bare list of scans; the docs' prose also calls `result` a list of such
 * maps. `result: null` (an AWB Clickpost does not know) and `valid: false` give no events.
 *
 * The courier partner id: `additional.courier_partner_id` when the response has it (since 2022), else
 * the `x-clickpost-cp-id` envelope header in which the poller records the cp_id it asked about.
 * `additional.ndr.ndr_bucket_code` is not mapped to `ndrCode`: it is another code list than the
 * webhook's `ndr_status_code` (the published sample pairs 14 with "Customer Unavailable", which is 1
 * in the NDR table), and it describes the shipment, not a particular scan.
 */

const checkResponse = structureCheck(ClickpostTrackOrderResponse, 'Clickpost track-order response');

export function mapTrackOrder(body: Field, context: Context): ShipmentStatusObserved[] {
  // An error body's `result` can be anything: the error is what it reports.
  rejectApiError(body);
  checkResponse(body.value);
  if (!body.has('result')) body.get('result').violation('missing result');
  const result = body.get('result');
  const maps = Array.isArray(result.value) ? result.items() : [result];
  const events = new Map<string, ShipmentStatusObserved>();
  for (const map of maps) {
    for (const [waybill, entry] of map.entries()) {
      for (const event of entryEvents(waybill, entry, context)) {
        if (!events.has(event.eventId)) events.set(event.eventId, event);
      }
    }
  }
  return [...events.values()];
}

function entryEvents(key: string, entry: Field, context: Context): ShipmentStatusObserved[] {
  const waybill = new Field(key, entry.path).id();
  if (waybill === null) return entry.violation('blank waybill as a result key');
  const legacy = Array.isArray(entry.value);
  if (!legacy && entry.get('valid').boolean() === false) return [];

  const scans = legacy ? entry.items() : entry.get('scans').items();
  const additional = legacy ? new Field(undefined, [...entry.path, 'additional']) : entry.get('additional');
  const latestStatus = legacy
    ? null
    : readOptionalObservation(entry.get('latest_status'), context.clickpostZone);
  const observed: StatusObservation[] = scans.map((scan) => readObservation(scan, context.clickpostZone));
  if (latestStatus !== null) observed.push(latestStatus);

  const cpIdField = additional.get('courier_partner_id');
  const cpId =
    readCourierPartner(cpIdField) ??
    cpIdFromHeader(context) ??
    cpIdField.violation(
      `no courier partner id: neither in the response nor in the ${TRACK_ORDER_CP_ID_HEADER} header`,
    );
  const links = readReturnLinks(additional);
  return observed.map((scan) =>
    shipmentStatusObserved(context, scan, {
      waybill,
      cpId,
      accountCode: additional.get('account_code').text(),
      latestStatus,
      ndrCode: null,
      ndrDescription: null,
      edd: additional.get('courier_partner_edd').text(),
      isRvp: additional.get('is_rvp').boolean() ?? false,
      forwardAwb: links.forwardAwb,
      forwardReference: links.forwardReference,
      returnReference: links.returnReference,
      referenceNumber: additional.get('reference_number').id() ?? additional.get('order_id').id(),
      notificationEventId: null,
    }),
  );
}

function cpIdFromHeader(context: Context): number | null {
  const header = context.headers[TRACK_ORDER_CP_ID_HEADER];
  if (header === undefined) return null;
  const text = header.trim();
  if (!/^\d{1,9}$/.test(text)) {
    return reject(
      'schema-violation',
      `envelope header ${TRACK_ORDER_CP_ID_HEADER} is not a courier partner id`,
    );
  }
  return Number(text);
}
