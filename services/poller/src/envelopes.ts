import { createHash } from 'node:crypto';
import type { ReturnsDeltaResult, TrackOrderValue } from '@shipfold/clickpost';
import { type RawEnvelope, type Source, TRACK_ORDER_CP_ID_HEADER } from '@shipfold/contracts';
import { v7 as uuidv7 } from 'uuid';

/**
 * Raw envelopes for what the poller fetched, like the ingress makes for webhooks: one per return
 * (delta result) and one per waybill (track-order), keyed by the same aggregate keys as the ingress
 * uses (services/ingress/src/partition-key.ts), so a poll lands on the partition of the webhooks it
 * complements. The polled JSON is re-serialized per item: there is no single received body to keep.
 */

/** Request context kept with a polled item (lower-case names, no secrets). */
export const WINDOW_START_HEADER = 'x-clickpost-window-start';
export const WINDOW_END_HEADER = 'x-clickpost-window-end';

const MAX_KEY_PART_LENGTH = 200;

function polled(
  source: Source,
  body: string,
  partitionKey: string | null,
  headers: Record<string, string>,
  receivedAt: Date,
): RawEnvelope {
  const deliveryId = uuidv7();
  return {
    deliveryId,
    source,
    receivedAt: receivedAt.toISOString(),
    contentType: 'application/json',
    headers,
    body,
    contentSha256: createHash('sha256').update(body, 'utf8').digest('hex'),
    partitionKey: partitionKey ?? deliveryId,
  };
}

const keyPart = (value: unknown): string | null => {
  const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
  return text.length > 0 && text.length <= MAX_KEY_PART_LENGTH ? text : null;
};

/** One delta result: body = the result's JSON, key = `return:<return reference>`. */
export function deltaEnvelope(
  result: ReturnsDeltaResult,
  window: { start_time: string; end_time: string },
  receivedAt: Date,
): RawEnvelope {
  const reference = keyPart(result.return_reference_number);
  return polled(
    'clickpost.returns-delta',
    JSON.stringify(result),
    reference === null ? null : `return:${reference}`,
    { [WINDOW_START_HEADER]: window.start_time, [WINDOW_END_HEADER]: window.end_time },
    receivedAt,
  );
}

/**
 * One waybill of a track-order answer: body = a track-order answer about that waybill alone (the
 * shape of the published responses), the cp_id asked about in a header (old answers do not carry it).
 */
export function trackOrderEnvelope(
  meta: unknown,
  cpId: number,
  waybill: string,
  entry: TrackOrderValue,
  receivedAt: Date,
): RawEnvelope {
  const key = keyPart(waybill);
  return polled(
    'clickpost.track-order',
    JSON.stringify({ meta, result: { [waybill]: entry } }),
    key === null ? null : `clickpost:${cpId}:${key}`,
    { [TRACK_ORDER_CP_ID_HEADER]: String(cpId) },
    receivedAt,
  );
}
