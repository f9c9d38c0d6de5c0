import type { ReturnEvent, ReturnItem, ShipmentStatusObserved, Source } from '@shipfold/contracts';
import { compareStrings, fingerprint } from './lattice';
import { shipmentKeyOf } from './shipment';
import { eventIdOf, instantOf, optionalIdentifier, optionalText, RefusedEventError } from './text';

/**
 * What the return fold consumes: one fact per return event, plus one "pickup" fact per reverse
 * pickup (RVP) shipment and distinct set of links its tracking webhooks carry. Facts are plain,
 * cleaned data (canonical instants, storable text), so they can be stored and re-folded later.
 */

export type ReturnFactKind = 'placed' | 'updated' | 'processed' | 'pickup';

export interface ReturnFactItem {
  sku: string;
  quantity: number;
  reason: string | null;
  refundMode: string | null;
  qcStatus: string | null;
  qcReason: string | null;
  status: string | null;
}

/** What a return is known by and linked to: the same fields on a fact and on the folded return. */
export interface ReturnAttributes {
  platform: 'clickpost' | 'redo';
  returnReference: string | null;
  returnAwb: string | null;
  cpId: number | null;
  forwardAwb: string | null;
  forwardReference: string | null;
  forwardOrderId: string | null;
  status: string | null;
  statusCode: number | null;
  refundMode: string | null;
  selfShipped: boolean | null;
}

export interface ReturnFact extends ReturnAttributes {
  eventId: string;
  kind: ReturnFactKind;
  source: Source;
  /** Canonical instant the fact is about; decides "latest by event time". */
  occurredAt: string;
  /** At most one entry per SKU, sorted by SKU. */
  items: ReturnFactItem[];
  /** Content fingerprint (everything above): decides between two copies of one event id. */
  fingerprint: string;
}

type FactContent = Omit<ReturnFact, 'fingerprint'>;

const withFingerprint = (content: FactContent): ReturnFact => ({
  ...content,
  fingerprint: fingerprint(content),
});

/**
 * One event mentioning a SKU several times (Increff reports each unit: two units of SKU 100007542,
 * one QC line each) becomes one entry: quantities added, differing texts listed ("FAIL, PASS").
 */
export function itemsBySku(items: readonly ReturnItem[]): ReturnFactItem[] {
  const bySku = new Map<string, ReturnFactItem[]>();
  for (const item of items) {
    const sku = optionalIdentifier(item.sku, 'items[].sku');
    if (sku === null) continue;
    const entry: ReturnFactItem = {
      sku,
      quantity: Math.max(0, item.quantity),
      reason: optionalText(item.reason),
      refundMode: optionalText(item.refundMode),
      qcStatus: optionalText(item.qcStatus),
      qcReason: optionalText(item.qcReason),
      status: optionalText(item.status),
    };
    bySku.set(sku, [...(bySku.get(sku) ?? []), entry]);
  }
  return [...bySku.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([sku, entries]) => ({
      sku,
      quantity: entries.reduce((sum, entry) => sum + entry.quantity, 0),
      reason: distinctTexts(entries.map((entry) => entry.reason)),
      refundMode: distinctTexts(entries.map((entry) => entry.refundMode)),
      qcStatus: distinctTexts(entries.map((entry) => entry.qcStatus)),
      qcReason: distinctTexts(entries.map((entry) => entry.qcReason)),
      status: distinctTexts(entries.map((entry) => entry.status)),
    }));
}

function distinctTexts(values: (string | null)[]): string | null {
  const distinct = [...new Set(values.filter((value): value is string => value !== null))].sort(
    compareStrings,
  );
  return distinct.length === 0 ? null : distinct.join(', ');
}

/** The fact a return event states. Throws RefusedEventError for unusable events. */
export function returnFactOf(event: ReturnEvent): ReturnFact {
  const occurredAt = instantOf(event.occurredAt, 'occurredAt');
  if (event.type === 'return.processed') {
    return withFingerprint({
      eventId: eventIdOf(event),
      kind: 'processed',
      source: event.source,
      // Increff's returnOrderCode is the Clickpost return reference (Increff Returns Processing Update API).
      platform: 'clickpost',
      occurredAt,
      returnReference: optionalIdentifier(event.returnReference, 'returnReference'),
      returnAwb: null,
      cpId: null,
      forwardAwb: null,
      forwardReference: optionalIdentifier(event.forwardReference, 'forwardReference'),
      forwardOrderId: null,
      status: null,
      statusCode: null,
      refundMode: null,
      selfShipped: null,
      items: itemsBySku(event.items),
    });
  }
  return withFingerprint({
    eventId: eventIdOf(event),
    kind: event.type === 'return.placed' ? 'placed' : 'updated',
    source: event.source,
    platform: event.platform,
    occurredAt,
    returnReference: optionalIdentifier(event.returnReference, 'returnReference'),
    returnAwb: optionalIdentifier(event.returnAwb, 'returnAwb'),
    cpId: event.cpId !== null && event.cpId >= 0 ? event.cpId : null,
    forwardAwb: optionalIdentifier(event.forwardAwb, 'forwardAwb'),
    forwardReference: optionalIdentifier(event.forwardReference, 'forwardReference'),
    forwardOrderId: optionalIdentifier(event.forwardOrderId, 'forwardOrderId'),
    status: optionalText(event.status),
    statusCode: event.statusCode,
    refundMode: optionalText(event.refundMode),
    selfShipped: event.selfShipped,
    items: itemsBySku(event.items),
  });
}

/**
 * The pickup fact of an RVP tracking webhook: "reverse pickup <cpId>/<waybill> belongs to forward
 * shipment X / return reference R". Every scan of a pickup repeats the same links, so the fact's id
 * is derived from the pickup and its links (not from the scan): all scans carrying the same links
 * are one fact, which keeps the return fold from re-reading every scan. Copies of one pickup fact
 * keep the earliest scan instant (see `mergeFacts`). Non-RVP shipment events have no pickup fact.
 */
export function pickupFactOf(event: ShipmentStatusObserved): ReturnFact | null {
  if (!event.isRvp) return null;
  let key: ReturnType<typeof shipmentKeyOf>;
  try {
    key = shipmentKeyOf(event);
  } catch (error) {
    // A blank-waybill RVP event is Clickpost's Return Order Placed webhook, folded as return.placed.
    if (error instanceof RefusedEventError && error.reason === 'missing-identity') return null;
    throw error;
  }
  const links = {
    returnReference: optionalIdentifier(event.returnReference, 'returnReference'),
    forwardAwb: optionalIdentifier(event.forwardAwb, 'forwardAwb'),
    forwardReference: optionalIdentifier(event.forwardReference, 'forwardReference'),
  };
  return withFingerprint({
    eventId: `pickup:${key.cpId}:${key.waybill}:${fingerprint(links).slice(0, 16)}`,
    kind: 'pickup',
    source: event.source,
    platform: 'clickpost',
    occurredAt: instantOf(event.occurredAt, 'occurredAt'),
    ...links,
    returnAwb: key.waybill,
    cpId: key.cpId,
    forwardOrderId: null,
    status: null,
    statusCode: null,
    refundMode: null,
    selfShipped: null,
    items: [],
  });
}

/**
 * Two copies of one event id: keep the earliest, then the smaller fingerprint. A join (min of a
 * total order), so the stored copy does not depend on which arrived first.
 */
export const mergeFacts = (a: ReturnFact, b: ReturnFact): ReturnFact =>
  // Stryker disable next-line EqualityOperator: equivalent for `< 0`, a tie means the same instant and fingerprint, i.e. identical copies; `> 0` is killed by the tests
  (compareStrings(a.occurredAt, b.occurredAt) || compareStrings(a.fingerprint, b.fingerprint)) <= 0 ? a : b;

/** A set of facts keyed by event id, copies merged. */
export function factSet(facts: Iterable<ReturnFact>): Map<string, ReturnFact> {
  const set = new Map<string, ReturnFact>();
  for (const fact of facts) {
    const known = set.get(fact.eventId);
    set.set(fact.eventId, known ? mergeFacts(known, fact) : fact);
  }
  return set;
}
