import { createHash } from 'node:crypto';
import type { RawEnvelope, Source } from '@shipfold/contracts';
import { normalize } from '@shipfold/mapping';
import type { LoadDelivery, Vendor } from './load-plan';
import type { FoldedAggregates } from './raw-fold';
import type { Ledger } from './sender';
import type { StoredAggregates } from './stored-aggregates';
import type { HarnessTruth } from './truth';
import { differences, type ObservedReturn, type ObservedShipment } from './truth-check';

/**
 * The verdict on a load once the pipeline is quiet: the stored aggregates against the harness's truth
 * and against one projector's pure fold of the raw topic; which acknowledged deliveries left no trace
 * (lost), what was applied twice, and whether the DLQ holds exactly the bad deliveries sent on purpose.
 */

export interface Verdict {
  /** Stored aggregates against the world the harness sent. */
  truthDifferences: string[];
  /** Stored aggregates against the pure fold of the raw topic. */
  foldDifferences: string[];
  /** Indexes of acknowledged deliveries not on the raw topic, or some of whose events are not stored. */
  lost: number[];
  /** Of those, the ones not even on the raw topic (lost between the 2xx and the system of record). */
  notOnRawTopic: number[];
  /** Aggregates with a scan stored twice, a return stored twice, or an item quantity above the truth. */
  appliedTwice: { aggregate: string; what: string }[];
  /** Delivery ids in the DLQ whose body is not one of the bad deliveries sent on purpose. */
  unexpectedlyDeadLettered: string[];
  /** Indexes of bad deliveries the ingress took (acknowledged, or refused but kept) missing from the DLQ. */
  badNotDeadLettered: number[];
  /** Indexes of good deliveries the ingress refused with a 4xx. */
  goodRefused: number[];
}

/** What is on the raw topic: delivery ids, and the SHA-256 of each body (Increff's 2xx names no id). */
export interface RawTopicContents {
  deliveryIds: ReadonlySet<string>;
  bodySha256: ReadonlySet<string>;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface StoredEventIds {
  /** shipment_scans and return_facts event ids. */
  has(eventId: string): boolean;
}

const SOURCES: Record<Vendor, Source> = {
  clickpost: 'clickpost.webhook',
  redo: 'redo.webhook',
  increff: 'increff.return-callback',
};

/** A delivery as the ingress would record it (without the secret headers). */
export function envelopeOf(
  delivery: LoadDelivery,
  deliveryId = '00000000-0000-7000-8000-000000000000',
  receivedAt = new Date().toISOString(),
): RawEnvelope {
  return {
    deliveryId,
    source: SOURCES[delivery.vendor],
    receivedAt,
    contentType: 'application/json',
    headers: {},
    body: delivery.body,
    contentSha256: sha256(delivery.body),
    partitionKey: delivery.aggregate,
  };
}

/** The event ids the mapping gives a delivery's body (they do not depend on the envelope's id). */
export function eventIdsOf(delivery: LoadDelivery, clickpostZone: string): string[] {
  const normalized = normalize(envelopeOf(delivery), { clickpostZone });
  return normalized.ok ? normalized.events.map((event) => event.eventId) : [];
}

export function judge(input: {
  truth: HarnessTruth;
  deliveries: readonly LoadDelivery[];
  ledger: Ledger;
  stored: StoredAggregates;
  storedEventIds: StoredEventIds;
  folded: FoldedAggregates;
  raw: RawTopicContents;
  clickpostZone: string;
}): Verdict {
  const { truth, deliveries, ledger, stored, storedEventIds, folded, raw, clickpostZone } = input;
  const lost: number[] = [];
  const notOnRawTopic: number[] = [];
  /** Bad deliveries the ingress took, by the digest of their body. */
  const badTaken = new Map<string, number>();
  for (const [index, ack] of ledger.acked) {
    const delivery = deliveries[index] as LoadDelivery;
    const onRaw =
      ack.deliveryId !== null
        ? raw.deliveryIds.has(ack.deliveryId)
        : raw.bodySha256.has(sha256(delivery.body));
    if (!onRaw) {
      notOnRawTopic.push(index);
      lost.push(index);
      continue;
    }
    if (delivery.bad) {
      badTaken.set(sha256(delivery.body), index);
      continue;
    }
    if (!eventIdsOf(delivery, clickpostZone).every((id) => storedEventIds.has(id))) lost.push(index);
  }
  const goodRefused: number[] = [];
  for (const [index, refusal] of ledger.refused) {
    const delivery = deliveries[index] as LoadDelivery;
    if (!delivery.bad) goodRefused.push(index);
    else if (refusal.deliveryId !== null) badTaken.set(sha256(delivery.body), index);
  }
  const deadBodies = new Set(stored.deadLettered.map((entry) => entry.contentSha256));
  return {
    truthDifferences: differences(truth, stored.shipments, stored.returns, {
      ndrUnknowable: truth.ndrUnknowable,
    }),
    foldDifferences: compareAggregates(folded, stored),
    lost,
    notOnRawTopic,
    appliedTwice: appliedTwice(truth, stored),
    unexpectedlyDeadLettered: stored.deadLettered
      .filter((entry) => !badTaken.has(entry.contentSha256))
      .map((entry) => entry.deliveryId),
    badNotDeadLettered: [...badTaken].filter(([digest]) => !deadBodies.has(digest)).map(([, index]) => index),
    goodRefused,
  };
}

function appliedTwice(truth: HarnessTruth, stored: StoredAggregates): Verdict['appliedTwice'] {
  const found: Verdict['appliedTwice'] = [];
  for (const shipment of stored.shipments) {
    const seen = new Set<string>();
    for (const scan of shipment.scans) {
      const key = `${Date.parse(scan.occurredAt)}:${scan.statusCode}`;
      if (seen.has(key))
        found.push({ aggregate: `shipment:${shipment.cpId}:${shipment.waybill}`, what: `scan ${key} twice` });
      seen.add(key);
    }
  }
  const expectedItems = new Map(truth.returns.map((order) => [order.returnReference, order.items]));
  const references = new Set<string>();
  for (const order of stored.returns) {
    const reference = order.returnReference;
    if (reference === null) continue;
    if (references.has(reference)) found.push({ aggregate: `return:${reference}`, what: 'stored twice' });
    references.add(reference);
    for (const item of order.items) {
      const expected = expectedItems.get(reference)?.find((candidate) => candidate.sku === item.sku);
      if (expected && item.quantity > expected.quantity)
        found.push({
          aggregate: `return:${reference}`,
          what: `${item.sku} × ${item.quantity}, sent × ${expected.quantity}`,
        });
    }
  }
  return found;
}

const shipmentText = (shipment: ObservedShipment) =>
  JSON.stringify([
    shipment.cpId,
    shipment.waybill,
    shipment.currentStatusCode,
    shipment.isTerminal,
    shipment.isRvp,
    shipment.forwardAwb,
    shipment.ndr?.code ?? null,
    shipment.scans
      .map((scan) => [Date.parse(scan.occurredAt), scan.statusCode, scan.status, scan.location])
      .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number)),
  ]);

const returnText = (order: ObservedReturn) =>
  JSON.stringify([
    order.returnReference,
    order.forwardAwb,
    order.forwardReference,
    order.returnAwb,
    order.cpId,
    order.items
      .map((item) => [item.sku, item.quantity, item.qcStatus ?? null])
      .sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1)),
  ]);

/** Both sides as sorted texts; what is on one side only, in words. */
export function compareAggregates(
  folded: Pick<FoldedAggregates, 'shipments' | 'returns'>,
  stored: Pick<StoredAggregates, 'shipments' | 'returns'>,
): string[] {
  const problems: string[] = [];
  const compare = (what: string, expected: string[], actual: string[]) => {
    const remaining = new Map<string, number>();
    for (const text of expected) remaining.set(text, (remaining.get(text) ?? 0) + 1);
    for (const text of actual) {
      const count = remaining.get(text) ?? 0;
      if (count === 0) problems.push(`${what} stored but not in the fold of the raw topic: ${text}`);
      else remaining.set(text, count - 1);
    }
    for (const [text, count] of remaining) {
      for (let n = 0; n < count; n++)
        problems.push(`${what} in the fold of the raw topic but not stored: ${text}`);
    }
  };
  compare('shipment', folded.shipments.map(shipmentText), stored.shipments.map(shipmentText));
  compare('return', folded.returns.map(returnText), stored.returns.map(returnText));
  return problems;
}
