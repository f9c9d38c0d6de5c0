import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { RawEnvelope, Source } from '@shipfold/contracts';

/**
 * Request headers worth keeping with a delivery: how it was sent and by what, never who
 * authenticated it. An allow-list, so a header a sender adds later (perhaps a secret) is not
 * kept by accident.
 */
export const KEPT_HEADERS: readonly string[] = [
  'content-type',
  'content-length',
  'content-encoding',
  'user-agent',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-real-ip',
  'x-request-id',
  'x-correlation-id',
  'traceparent',
  'x-amzn-trace-id',
];

/** Header values are metadata: a hostile multi-kilobyte one is cut here, marked with an ellipsis. */
export const MAX_HEADER_VALUE_LENGTH = 1024;

/** The allow-listed headers, minus any named in `secretHeaders`, as lower-case name → single string. */
export function keptHeaders(
  headers: IncomingHttpHeaders,
  secretHeaders: ReadonlySet<string>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const raw = headers[name];
    if (raw === undefined || secretHeaders.has(name)) continue;
    kept[name] = capped(Array.isArray(raw) ? raw.join(', ') : raw);
  }
  return kept;
}

const capped = (value: string): string =>
  value.length > MAX_HEADER_VALUE_LENGTH ? `${value.slice(0, MAX_HEADER_VALUE_LENGTH)}…` : value;

export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export interface Receipt {
  deliveryId: string;
  source: Source;
  receivedAt: Date;
  headers: IncomingHttpHeaders;
  /** The received bytes and their UTF-8 text. */
  bytes: Buffer;
  text: string;
  /** Whether the bytes are valid UTF-8 (so `text` holds them exactly). */
  utf8: boolean;
  partitionKey: string;
}

export function buildEnvelope(receipt: Receipt, secretHeaders: ReadonlySet<string>): RawEnvelope {
  const contentType = receipt.headers['content-type'];
  return {
    deliveryId: receipt.deliveryId,
    source: receipt.source,
    receivedAt: receipt.receivedAt.toISOString(),
    contentType: contentType === undefined ? null : capped(contentType),
    headers: keptHeaders(receipt.headers, secretHeaders),
    body: receipt.text,
    // Text cannot hold bytes that are not UTF-8: they are kept byte for byte beside it.
    ...(receipt.utf8 ? {} : { bodyBase64: receipt.bytes.toString('base64') }),
    contentSha256: sha256Hex(receipt.bytes),
    partitionKey: receipt.partitionKey,
  };
}
