import type { RawEnvelope } from '@shipfold/contracts';
import { describe, expect, it } from 'vitest';
import {
  createLoad,
  envelopeOf,
  eventIdsOf,
  foldRaw,
  judge,
  Ledger,
  type LoadDelivery,
  type StoredAggregates,
  sha256,
} from '../src/index';

/**
 * The verdict must catch each way a pipeline can go wrong: here the "pipeline" is the pure fold of what
 * was sent, and each test breaks one thing on purpose.
 */

const NOW = Date.parse('2026-06-01T12:00:00Z');
const ZONE = 'Asia/Kolkata';
const load = createLoad({
  seed: 'check',
  clickpostApiKey: 'k',
  shipments: 40,
  returnRate: 0,
  redoReturns: 8,
  faults: {
    disorderRate: 0.2,
    maxDisplacement: 10,
    duplicateRate: 0.1,
    dropRate: 0,
    burstRate: 0.2,
    rvpReferenceRate: 1,
  },
  badRate: 0.05,
  now: NOW,
});
const idOf = (index: number) => `00000000-0000-7000-8000-${String(index).padStart(12, '0')}`;
const envelopeAt = (delivery: LoadDelivery, index: number): RawEnvelope =>
  envelopeOf(
    delivery,
    `00000000-0000-7000-8000-${String(index).padStart(12, '0')}`,
    new Date(NOW).toISOString(),
  );

/** A pipeline that did everything right: every delivery acknowledged, on the raw topic, folded, stored. */
function perfectRun() {
  const ledger = new Ledger();
  load.deliveries.forEach((_, index) => {
    ledger.acked.set(index, { at: index, deliveryId: idOf(index) });
  });
  const envelopes = load.deliveries.map(envelopeAt);
  const folded = foldRaw(envelopes, ZONE);
  const stored: StoredAggregates = {
    shipments: folded.shipments,
    returns: folded.returns,
    deadLettered: folded.rejected.map((deliveryId) => ({
      deliveryId,
      contentSha256: envelopes.find((envelope) => envelope.deliveryId === deliveryId)?.contentSha256 ?? '',
    })),
  };
  const eventIds = new Set(load.deliveries.flatMap((delivery) => eventIdsOf(delivery, ZONE)));
  return {
    truth: load.truth,
    deliveries: load.deliveries,
    ledger,
    stored,
    storedEventIds: eventIds,
    folded,
    raw: {
      deliveryIds: new Set(envelopes.map((envelope) => envelope.deliveryId)),
      bodySha256: new Set(envelopes.map((envelope) => sha256(envelope.body))),
    },
    clickpostZone: ZONE,
  };
}

const clean = {
  truthDifferences: [],
  foldDifferences: [],
  lost: [],
  notOnRawTopic: [],
  appliedTwice: [],
  unexpectedlyDeadLettered: [],
  badNotDeadLettered: [],
  goodRefused: [],
};

describe('the verdict', () => {
  it('is clean for a pipeline that did everything right', () => {
    expect(judge(perfectRun())).toEqual(clean);
  });

  it('counts an acknowledged delivery missing from the raw topic as lost', () => {
    const run = perfectRun();
    const index = load.deliveries.findIndex((delivery) => !delivery.bad);
    const ids = new Set(run.raw.deliveryIds);
    ids.delete(idOf(index));
    const verdict = judge({ ...run, raw: { ...run.raw, deliveryIds: ids } });
    expect(verdict.notOnRawTopic).toEqual([index]);
    expect(verdict.lost).toEqual([index]);
  });

  it('counts a delivery whose event was never stored as lost', () => {
    const run = perfectRun();
    const index = load.deliveries.findIndex((delivery) => delivery.vendor === 'redo' && !delivery.bad);
    const [eventId] = eventIdsOf(load.deliveries[index] as LoadDelivery, ZONE);
    const stored = new Set(run.storedEventIds);
    stored.delete(eventId as string);
    expect(judge({ ...run, storedEventIds: stored }).lost).toEqual([index]);
  });

  it('finds a scan stored twice and a quantity above what was sent', () => {
    const run = perfectRun();
    const [shipment, ...shipments] = run.stored.shipments;
    const doubled = {
      ...shipment,
      scans: [...(shipment?.scans ?? []), ...(shipment?.scans.slice(0, 1) ?? [])],
    };
    const returns = run.stored.returns.map((order, index) =>
      index === 0
        ? { ...order, items: order.items.map((item) => ({ ...item, quantity: item.quantity * 2 })) }
        : order,
    );
    const verdict = judge({
      ...run,
      stored: { ...run.stored, shipments: [doubled as typeof shipment & object, ...shipments], returns },
    });
    expect(verdict.appliedTwice.map((entry) => entry.aggregate)).toEqual([
      `shipment:${shipment?.cpId}:${shipment?.waybill}`,
      ...(returns[0]?.items.map(() => `return:${returns[0]?.returnReference}`) ?? []),
    ]);
    expect(verdict.foldDifferences.length).toBeGreaterThan(0);
    expect(verdict.truthDifferences.length).toBeGreaterThan(0);
  });

  it('wants the DLQ to hold the bad deliveries and nothing else', () => {
    const run = perfectRun();
    const goodIndex = load.deliveries.findIndex((delivery) => !delivery.bad);
    const good = idOf(goodIndex);
    const firstBad = load.deliveries.findIndex((delivery) => delivery.bad);
    const goodEntry = { deliveryId: good, contentSha256: sha256(load.deliveries[goodIndex]?.body ?? '') };
    const deadLettered = [
      ...run.stored.deadLettered.filter((entry) => entry.deliveryId !== idOf(firstBad)),
      goodEntry,
    ];
    const verdict = judge({ ...run, stored: { ...run.stored, deadLettered } });
    expect(verdict.unexpectedlyDeadLettered).toEqual([good]);
    expect(verdict.badNotDeadLettered).toEqual([firstBad]);
  });

  it('takes a bad delivery in the DLQ under an id its sender never heard of (a try answered 503, written late)', () => {
    const run = perfectRun();
    const deadLettered = run.stored.deadLettered.map((entry, index) =>
      index === 0 ? { ...entry, deliveryId: '00000000-0000-7000-8000-999999999999' } : entry,
    );
    expect(judge({ ...run, stored: { ...run.stored, deadLettered } })).toEqual(clean);
  });
});
