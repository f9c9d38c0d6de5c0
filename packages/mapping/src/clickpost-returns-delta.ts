import {
  ClickpostReturnsDeltaRecord,
  ClickpostReturnsDeltaResponse,
  type ReturnPlaced,
  type ReturnUpdated,
} from '@shipfold/contracts';
import { rejectApiError } from './clickpost-api';
import { readReturnLinks } from './clickpost-return';
import { readCourierPartner } from './clickpost-status';
import type { Context } from './context';
import { clickpostDeltaId } from './event-id';
import { returnEvent } from './return-event';
import { structureCheck } from './structure-check';
import { readInstant } from './time';
import type { Field } from './tolerant';

/**
 * The Returns Polling Delta API: "all the return requests raised in a 60-minute window", the fallback of
 * the Return Order Placed webhook. Each result record becomes a `return.placed` carrying what the
 * webhook could not yet know: the return reference number, the reverse waybill and its courier partner.
 * The forward links and items come from the record's `webhook_payload.additional`.
 *
 * The same return polled twice (overlapping windows) is the same event; polled again after Clickpost
 * assigned the reverse pickup (the record now has `awb`, `cp_id` and another case status) it is a new
 * event with the new facts, at the same request time (event-id.ts).
 *
 * The poller may publish a whole response or a single result record; both are read. Timestamps of the
 * delta API are documented as UTC, so naive ones are read as UTC (not in the IST of the webhooks). The
 * request time is the webhook payload's `timestamp` ("Return Request Timestamp"), else the record's.
 */

const checkResponse = structureCheck(ClickpostReturnsDeltaResponse, 'Clickpost returns delta response');
const checkRecord = structureCheck(ClickpostReturnsDeltaRecord, 'Clickpost returns delta record');

const DELTA_ZONE = 'UTC';

export function mapReturnsDelta(body: Field, context: Context): (ReturnPlaced | ReturnUpdated)[] {
  if (body.has('return_reference_number')) {
    checkRecord(body.value);
    return [deltaRecord(body, context)];
  }
  // An error body's `result` can be anything: the error is what it reports.
  rejectApiError(body);
  checkResponse(body.value);
  if (!body.has('result')) body.get('result').violation('missing result');
  return body
    .get('result')
    .items()
    .map((record) => deltaRecord(record, context));
}

function deltaRecord(record: Field, context: Context): ReturnPlaced | ReturnUpdated {
  const payload = record.get('webhook_payload');
  const links = readReturnLinks(payload.get('additional'));
  const returnReference = record.get('return_reference_number').requiredId('return_reference_number');
  const statusCode = payload.get('clickpost_status_code').integer();
  const occurredAt =
    readInstant(payload.get('timestamp'), DELTA_ZONE) ??
    readInstant(record.get('return_request_timestamp'), DELTA_ZONE) ??
    readInstant(record.get('Return Request Timestamp'), DELTA_ZONE) ??
    readInstant(record.get('timestamp'), DELTA_ZONE) ??
    record.get('timestamp').violation('missing timestamp of the return request');
  const returnAwb = record.get('awb').id() ?? payload.get('waybill').id();
  const cpId = readCourierPartner(record.get('cp_id')) ?? readCourierPartner(payload.get('cp_id'));
  const caseStatus = record.get('status').text();
  return returnEvent(
    'placed',
    {
      eventId: clickpostDeltaId({ returnReference, statusCode, occurredAt, returnAwb, cpId, caseStatus }),
      occurredAt,
    },
    context,
    {
      platform: 'clickpost',
      returnReference,
      returnAwb,
      cpId,
      forwardAwb: links.forwardAwb,
      forwardReference: links.forwardReference,
      forwardOrderId: links.forwardOrderId,
      status: payload.get('status').text() ?? caseStatus,
      statusCode,
      refundMode: record.get('refund_mode').text() ?? links.refundMode,
      selfShipped: links.selfShipped,
      items: links.items,
    },
  );
}
