import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type FaultOptions,
  generateWorld,
  NO_FAULTS,
  Prng,
  planDeliveries,
  simulatorOptions,
} from '../src/index';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const options = simulatorOptions({
  seed: 'plan',
  key: 'k',
  now: () => NOW,
  world: { shipments: 40, returnRate: 0.5 },
});
const world = generateWorld(new Prng('plan'), options.world);
const facts =
  world.shipments.reduce((sum, shipment) => sum + shipment.scans.length, 0) + world.returns.length;

type Payload = {
  clickpost_status_code: number;
  timestamp: string;
  additional: { latest_status: { timestamp: string } };
};

describe('delivery plan', () => {
  it('without faults: every fact once, in time order, each scan its own latest status', () => {
    const plan = planDeliveries(new Prng('p'), world, NO_FAULTS, options);
    expect(plan.dropped).toHaveLength(0);
    expect(plan.deliveries).toHaveLength(facts);
    expect(new Set(plan.deliveries.map((delivery) => delivery.factId)).size).toBe(facts);
    const times = plan.deliveries.map((delivery) => delivery.sendAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const delivery of plan.deliveries.filter((candidate) => candidate.kind === 'scan')) {
      const payload = delivery.payload as Payload;
      expect(payload.additional.latest_status.timestamp).toBe(payload.timestamp);
    }
  });

  it('with faults: dropped facts are never sent, the others at least once; bursts share latest_status', () => {
    const faultsArb = fc.record<FaultOptions>({
      disorderRate: fc.double({ min: 0, max: 1, noNaN: true }),
      maxDisplacement: fc.integer({ min: 0, max: 20 }),
      duplicateRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
      dropRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
      burstRate: fc.double({ min: 0, max: 1, noNaN: true }),
      rvpReferenceRate: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.string(), faultsArb, (seed, faults) => {
        const plan = planDeliveries(new Prng(seed), world, faults, options);
        const sent = new Set(plan.deliveries.map((delivery) => delivery.factId));
        const dropped = new Set(plan.dropped.map((delivery) => delivery.factId));
        expect(sent.size + dropped.size).toBe(facts);
        for (const id of dropped) expect(sent.has(id)).toBe(false);
        const originals = plan.deliveries.filter((delivery) => !delivery.duplicate);
        expect(originals).toHaveLength(sent.size);
        // A webhook's latest_status is never older than its own scan.
        for (const delivery of plan.deliveries.filter((candidate) => candidate.kind === 'scan')) {
          const payload = delivery.payload as Payload;
          expect(Date.parse(payload.additional.latest_status.timestamp)).toBeGreaterThanOrEqual(
            Date.parse(payload.timestamp),
          );
          expect(Date.parse(payload.additional.latest_status.timestamp)).toBe(delivery.sendAt);
        }
      }),
      { numRuns: 15 },
    );
  });

  it('bursts: several scans of one shipment sent together, all with the newest as latest_status', () => {
    const plan = planDeliveries(new Prng('bursty'), world, { ...NO_FAULTS, burstRate: 1 }, options);
    const bySendAt = new Map<string, number>();
    for (const delivery of plan.deliveries.filter((candidate) => candidate.kind === 'scan')) {
      const key = `${delivery.factId.split(':').slice(0, 3).join(':')}@${delivery.sendAt}`;
      bySendAt.set(key, (bySendAt.get(key) ?? 0) + 1);
    }
    expect(Math.max(...bySendAt.values())).toBeGreaterThanOrEqual(2);
  });

  it('is reproducible from the seed', () => {
    const faults: FaultOptions = {
      disorderRate: 0.3,
      maxDisplacement: 5,
      duplicateRate: 0.1,
      dropRate: 0.1,
      burstRate: 0.2,
      rvpReferenceRate: 0.5,
    };
    expect(planDeliveries(new Prng('x'), world, faults, options)).toEqual(
      planDeliveries(new Prng('x'), world, faults, options),
    );
  });

  it('drops, duplicates and disorders about as often as asked', () => {
    const faults: FaultOptions = {
      disorderRate: 0.3,
      maxDisplacement: 5,
      duplicateRate: 0.1,
      dropRate: 0.1,
      burstRate: 0,
      rvpReferenceRate: 1,
    };
    const plan = planDeliveries(new Prng('rates'), world, faults, options);
    const dropShare = plan.dropped.length / facts;
    expect(dropShare).toBeGreaterThan(0.04);
    expect(dropShare).toBeLessThan(0.18);
    const times = plan.deliveries
      .filter((delivery) => !delivery.duplicate)
      .map((delivery) => delivery.sendAt);
    const inversions = times.filter((time, i) => i > 0 && time < (times[i - 1] ?? 0)).length;
    expect(inversions).toBeGreaterThan(0);
    expect(plan.deliveries.some((delivery) => delivery.duplicate)).toBe(true);
  });
});
