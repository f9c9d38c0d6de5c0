import { v5 } from 'uuid';
import { toSecond } from './time';

/**
 * Deterministic event ids: a UUID v5 of the vendor's identity of the fact, so the same fact delivered
 * twice (retried webhook, overlapping poll window, webhook and track-order poll) is the same event.
 * The namespace is fixed forever: every stored id derives from it.
 */
export const EVENT_ID_NAMESPACE = '74eaa55b-0607-49a8-b601-3435f8512695';

type Part = string | number | boolean | null;

/** The parts are joined as a JSON list, so no choice of values can make two identities collide. */
const eventId = (recipe: string, parts: readonly Part[]): string =>
  v5(JSON.stringify([recipe, ...parts]), EVENT_ID_NAMESPACE);

/**
 * A Clickpost scan: courier partner + waybill + status code + scan time + status text. The courier
 * partner is part of it because a waybill is unique only per carrier. The scan time counts to the
 * second: webhooks report it with microseconds, track-order with seconds.
 */
export const clickpostScanId = (scan: {
  cpId: number;
  waybill: string;
  statusCode: number;
  occurredAt: string;
  status: string;
}): string =>
  eventId('clickpost.scan', [
    scan.cpId,
    scan.waybill,
    scan.statusCode,
    toSecond(scan.occurredAt),
    scan.status,
  ]);

/**
 * A Clickpost return-request event (placed, approved, …) from a webhook: what identifies the return
 * (return reference, forward AWB, forward reference) + the reverse waybill if it has one + status code +
 * kind + request time.
 */
export const clickpostReturnRequestId = (request: {
  kind: string;
  statusCode: number;
  returnReference: string | null;
  forwardAwb: string | null;
  forwardReference: string | null;
  returnAwb: string | null;
  occurredAt: string;
}): string =>
  eventId('clickpost.return-request', [
    request.kind,
    request.statusCode,
    request.returnReference,
    request.forwardAwb,
    request.forwardReference,
    request.returnAwb,
    toSecond(request.occurredAt),
  ]);

/**
 * A return request as the Returns Polling Delta API reports it: return reference + status code + request
 * time + what the record adds as the return progresses (reverse waybill, courier partner, case status),
 * so a later poll that learned the pickup AWB is a new event, not a duplicate of the earlier one.
 */
export const clickpostDeltaId = (record: {
  returnReference: string;
  statusCode: number | null;
  occurredAt: string;
  returnAwb: string | null;
  cpId: number | null;
  caseStatus: string | null;
}): string =>
  eventId('clickpost.returns-delta', [
    record.returnReference,
    record.statusCode,
    toSecond(record.occurredAt),
    record.returnAwb,
    record.cpId,
    record.caseStatus,
  ]);

/** A Redo return event: return id + the return's `updatedAt` (one state of the return). */
export const redoReturnId = (returnId: string, updatedAt: string): string =>
  eventId('redo.return', [returnId, updatedAt]);

/** An Increff callback that carries its de-duplication id, `messageId`. */
export const increffMessageId = (messageId: string): string => eventId('increff.message', [messageId]);

/**
 * An Increff callback without `messageId`: a stable digest of what it reports (the return order and each
 * item's outcome, in a canonical order), independent of key order and formatting of the body.
 */
export const increffOutcomeId = (
  returnReference: string,
  eventTime: string | null,
  outcomes: string[],
): string => eventId('increff.outcome', [returnReference, eventTime, ...[...outcomes].sort()]);
