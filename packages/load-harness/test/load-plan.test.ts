import { deltaRecord, NO_FAULTS } from '@shipfold/clickpost-simulator';
import type { RawEnvelope } from '@shipfold/contracts';
import { describe, expect, it } from 'vitest';
import {
  compareAggregates,
  createLoad,
  differences,
  envelopeOf,
  foldRaw,
  type LoadDelivery,
  sha256,
} from '../src/index';

/**
 * The harness against itself: what it sends, read by the real mapping and folded by the domain's pure
 * folds, is its own ground truth, so a failing chaos check means the pipeline, not the harness.
 */

const NOW = Date.parse('2026-06-01T12:00:00Z');

const envelopeAt = (delivery: LoadDelivery, index: number): RawEnvelope =>
  envelopeOf(
    delivery,
    `00000000-0000-7000-8000-${String(index).padStart(12, '0')}`,
    new Date(NOW).toISOString(),
  );

/** What the poller's returns delta poll adds: every Clickpost return with its reference and pickup AWB. */
const deltaEnvelopes = (load: ReturnType<typeof createLoad>): RawEnvelope[] =>
  load.simulator.state.world.returns.map((order, index) => {
    const body = JSON.stringify(deltaRecord(order, NOW));
    return {
      deliveryId: `00000000-0000-7000-8000-${String(900_000 + index).padStart(12, '0')}`,
      source: 'clickpost.returns-delta',
      receivedAt: new Date(NOW).toISOString(),
      contentType: 'application/json',
      headers: {
        'x-clickpost-window-start': '2026-05-01T00:00:00',
        'x-clickpost-window-end': '2026-06-01T00:00:00',
      },
      body,
      contentSha256: sha256(body),
      partitionKey: `return:${order.returnReference}`,
    };
  });

const faults = {
  disorderRate: 0.3,
  maxDisplacement: 30,
  duplicateRate: 0.1,
  dropRate: 0,
  burstRate: 0.2,
  rvpReferenceRate: 1,
};
const load = (seed: string, more: Partial<Parameters<typeof createLoad>[0]> = {}) =>
  createLoad({
    seed,
    clickpostApiKey: 'k',
    shipments: 150,
    returnRate: 0.5,
    redoReturns: 40,
    faults,
    badRate: 0.02,
    now: NOW,
    ...more,
  });

describe('a load', () => {
  it.each(['harness-1', 'harness-2'])(
    'folds to its own truth, all three vendors included (seed %s)',
    (seed) => {
      const sent = load(seed);
      const { deliveries, truth } = sent;
      // With what the poller adds: the delta results are what tells two partial returns apart.
      const folded = foldRaw([...deliveries.map(envelopeAt), ...deltaEnvelopes(sent)], 'Asia/Kolkata');
      expect(differences(truth, folded.shipments, folded.returns)).toEqual([]);
      // Every vendor is in it, with its duplicates; the bad ones, and only they, are rejected.
      const vendors = new Set(deliveries.map((delivery) => delivery.vendor));
      expect([...vendors].sort()).toEqual(['clickpost', 'increff', 'redo']);
      expect(truth.returns.some((order) => order.items.some((item) => item.qcStatus === 'FAIL'))).toBe(true);
      for (const vendor of vendors) {
        expect(deliveries.some((delivery) => delivery.vendor === vendor && delivery.duplicate)).toBe(true);
      }
      const bad = deliveries.flatMap((delivery, index) =>
        delivery.bad ? [envelopeAt(delivery, index).deliveryId] : [],
      );
      expect(bad.length).toBeGreaterThan(5);
      expect(folded.rejected.sort()).toEqual(bad.sort());
    },
  );

  it('is the same for the same seed, and different for another', () => {
    const bodies = (seed: string) => load(seed).deliveries.map((delivery) => delivery.body);
    expect(bodies('same')).toEqual(bodies('same'));
    expect(bodies('same')).not.toEqual(bodies('other'));
  });

  it('without the dropped Clickpost webhooks differs from its truth, and with them agrees', () => {
    const { deliveries, dropped, truth } = load('drops', { faults: { ...faults, dropRate: 0.2 } });
    expect(dropped.length).toBeGreaterThan(20);
    expect(dropped.every((delivery) => delivery.vendor === 'clickpost')).toBe(true);
    const without = foldRaw(deliveries.map(envelopeAt), 'Asia/Kolkata');
    expect(differences(truth, without.shipments, without.returns).length).toBeGreaterThan(0);
  });

  it('with no faults, arrives in time order with no copies and nothing bad', () => {
    const { deliveries } = load('calm', { faults: { ...NO_FAULTS }, badRate: 0 });
    expect(deliveries.filter((delivery) => delivery.duplicate || delivery.bad)).toEqual([]);
    for (const vendor of ['redo', 'increff'] as const) {
      const times = deliveries
        .filter((delivery) => delivery.vendor === vendor)
        .map((delivery) => delivery.at);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
  });
});

describe('comparing stored aggregates with the fold', () => {
  it('names what is on one side only', () => {
    const { deliveries } = load('compare');
    const folded = foldRaw(deliveries.map(envelopeAt), 'Asia/Kolkata');
    expect(compareAggregates(folded, folded)).toEqual([]);
    const changed = {
      ...folded,
      shipments: folded.shipments.map((shipment, index) =>
        index === 0 ? { ...shipment, currentStatusCode: 999 } : shipment,
      ),
    };
    expect(compareAggregates(folded, changed)).toHaveLength(2);
  });
});
