import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateWorld, Prng, simulatorOptions, TERMINAL_CODES, type WorldOptions } from '../src/index';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const worldOptions = (overrides: Partial<WorldOptions> = {}): WorldOptions => ({
  ...simulatorOptions({ seed: 's', key: 'k', now: () => NOW }).world,
  ...overrides,
});

describe('seeded PRNG', () => {
  it('repeats itself for the same seed and differs across seeds and forks', () => {
    const draw = (prng: Prng) => Array.from({ length: 5 }, () => prng.next());
    expect(draw(new Prng('a'))).toEqual(draw(new Prng('a')));
    expect(draw(new Prng('a'))).not.toEqual(draw(new Prng('b')));
    expect(draw(new Prng('a').fork('x'))).not.toEqual(draw(new Prng('a').fork('y')));
  });

  it('stays in range', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, min, span) => {
        const prng = new Prng(seed);
        const value = prng.int(min, min + span);
        expect(value).toBeGreaterThanOrEqual(min);
        expect(value).toBeLessThanOrEqual(min + span);
        const unit = prng.next();
        expect(unit).toBeGreaterThanOrEqual(0);
        expect(unit).toBeLessThan(1);
      }),
    );
  });
});

describe('generated world', () => {
  it('is the same for the same seed', () => {
    const a = generateWorld(new Prng('seed-1'), worldOptions());
    const b = generateWorld(new Prng('seed-1'), worldOptions());
    const c = generateWorld(new Prng('seed-2'), worldOptions());
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('has plausible journeys, whatever the seed', () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const world = generateWorld(new Prng(seed), worldOptions({ shipments: 30, returnRate: 0.6 }));
        const waybills = new Set<string>();
        for (const shipment of world.shipments) {
          expect(waybills.has(shipment.waybill)).toBe(false);
          waybills.add(shipment.waybill);
          expect(shipment.scans.length).toBeGreaterThan(0);
          shipment.scans.forEach((scan, i) => {
            expect(scan.at % 1000).toBe(0);
            expect(scan.at).toBeLessThanOrEqual(NOW);
            if (i > 0) expect(scan.at).toBeGreaterThan(shipment.scans[i - 1]?.at ?? 0);
            // Nothing follows the end of a journey.
            if (i < shipment.scans.length - 1) expect(TERMINAL_CODES.has(scan.code)).toBe(false);
            expect(scan.ndr !== null).toBe(scan.code === 9);
          });
          expect(shipment.scans[0]?.code).toBe(1);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('raises returns only after delivery, with items of the order, linked to their pickup', () => {
    fc.assert(
      fc.property(fc.string(), (seed) => {
        const world = generateWorld(new Prng(seed), worldOptions({ shipments: 40, returnRate: 0.8 }));
        const byWaybill = new Map(world.shipments.map((shipment) => [shipment.waybill, shipment]));
        const references = new Set<string>();
        for (const order of world.returns) {
          expect(references.has(order.returnReference)).toBe(false);
          references.add(order.returnReference);
          const forward = byWaybill.get(order.forwardAwb);
          expect(forward).toBeDefined();
          const delivered = forward?.scans.find((scan) => scan.code === 8);
          expect(order.requestedAt).toBeGreaterThan(delivered?.at ?? Number.POSITIVE_INFINITY);
          for (const item of order.items) {
            const ordered = forward?.items.find((candidate) => candidate.sku === item.sku);
            expect(item.quantity).toBeGreaterThan(0);
            expect(item.quantity).toBeLessThanOrEqual(ordered?.quantity ?? 0);
          }
          if (order.pickup) {
            expect(byWaybill.get(order.pickup.waybill)).toBe(order.pickup);
            expect(order.pickup).toMatchObject({
              isRvp: true,
              forwardAwb: order.forwardAwb,
              returnReference: order.returnReference,
            });
            expect(order.pickup.awbAssignedAt).toBeGreaterThan(order.requestedAt);
            expect(order.pickup.scans[0]?.at).toBeGreaterThan(order.pickup.awbAssignedAt);
          }
        }
        // Two returns of one forward order never have the same SKUs (they can be told apart).
        const skusByForward = new Map<string, Set<string>>();
        for (const order of world.returns) {
          const seen = skusByForward.get(order.forwardAwb) ?? new Set<string>();
          for (const item of order.items) {
            expect(seen.has(item.sku)).toBe(false);
            seen.add(item.sku);
          }
          skusByForward.set(order.forwardAwb, seen);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('cuts journeys at the simulated present', () => {
    const world = generateWorld(
      new Prng('cut'),
      worldOptions({ startAt: NOW - 3_600_000, spreadMs: 7_200_000 }),
    );
    for (const shipment of world.shipments) {
      for (const scan of shipment.scans) expect(scan.at).toBeLessThanOrEqual(NOW);
    }
  });
});
