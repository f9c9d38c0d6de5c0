/**
 * Kafka keys for raw deliveries. The key only decides the partition, so every delivery about
 * one aggregate lands on one partition; it is taken leniently (vendors send numbers as strings
 * and strings as numbers, leave fields blank, add fields) and never causes a rejection: when
 * nothing usable is found, the delivery id is the key.
 *
 * Key namespaces: `clickpost:<cp_id>:<waybill>` for a Clickpost shipment, `return:<reference>`
 * for a return known by its reference (Increff's returnOrderCode is Clickpost's return
 * reference number, so both sources share the namespace and one return stays on one partition),
 * `forward-awb:<awb>` for a Clickpost return not yet manifested, `redo-return:<id>` for Redo.
 */

/** Longer identifiers are not identifiers; such a payload falls back to the delivery id. */
export const MAX_KEY_PART_LENGTH = 200;

export type KeyedSource = 'clickpost' | 'redo' | 'increff';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own properties only: a payload's `__proto__` or `constructor` is data, never inherited state. */
const field = (value: unknown, name: string): unknown =>
  isObject(value) && Object.hasOwn(value, name) ? value[name] : undefined;

/** A usable identifier: a non-blank string or a finite number, trimmed, of sane length. */
export function identifier(value: unknown): string | undefined {
  let text: string | undefined;
  if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  if (text === undefined || text.length === 0 || text.length > MAX_KEY_PART_LENGTH) return undefined;
  return text;
}

function clickpostKey(payload: unknown): string | undefined {
  // Clickpost's test webhook wraps a tracking payload in `test_data`.
  const scan = isObject(field(payload, 'test_data')) ? field(payload, 'test_data') : payload;
  const additional = field(scan, 'additional');
  const waybill = identifier(field(scan, 'waybill'));
  const cpId = identifier(field(scan, 'cp_id'));
  if (waybill !== undefined && cpId !== undefined) return `clickpost:${cpId}:${waybill}`;

  const returnReference =
    identifier(field(scan, 'return_reference_number')) ??
    identifier(field(additional, 'return_reference_number'));
  if (returnReference !== undefined) return `return:${returnReference}`;
  const forwardAwb = identifier(field(additional, 'forward_awb')) ?? identifier(field(scan, 'forward_awb'));
  if (forwardAwb !== undefined) return `forward-awb:${forwardAwb}`;
  // A waybill without a courier id still names the shipment better than the delivery id does.
  if (waybill !== undefined) return `clickpost:?:${waybill}`;
  return undefined;
}

function redoKey(payload: unknown): string | undefined {
  const id = identifier(field(field(payload, 'return'), 'id'));
  return id === undefined ? undefined : `redo-return:${id}`;
}

function increffKey(payload: unknown): string | undefined {
  const code = identifier(field(payload, 'returnOrderCode'));
  return code === undefined ? undefined : `return:${code}`;
}

const extractors: Record<KeyedSource, (payload: unknown) => string | undefined> = {
  clickpost: clickpostKey,
  redo: redoKey,
  increff: increffKey,
};

/** The partition key of a parsed payload from `source`, or `fallback` (the delivery id). */
export function partitionKey(source: KeyedSource, payload: unknown, fallback: string): string {
  return extractors[source](payload) ?? fallback;
}
