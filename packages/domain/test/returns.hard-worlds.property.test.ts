import { item, returnPlaced, returnProcessed, returnUpdated, statusObserved } from '@shipfold/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ReturnOrder, resolveReturns } from '../src/index';
import { applyIncrementally, factOf, factsOf, type ReturnDelivery, replayed } from './return-worlds';

/**
 * Return identity against the ground truth in hard worlds: returns without a delta result, RVP scans
 * without the reference, partial returns of one order with different items, and identical item sets.
 * Every world is kept unambiguous by construction (the constraints below are exactly what the guess
 * rules of return-identity.ts need to have one right answer); within those, the fold must find
 * exactly the world's returns — each fact in its own return, the right reference, pickup waybill and
 * items — whatever the order, duplicates and batching (late facts arriving after a guess included).
 *
 * Time: return j of a forward order lives on day j (placement 06:00, delta 07:00, scans 08:00–10:00,
 * warehouse QC 12:00), so "nearest in time" and "first seen at or before" name its own facts.
 */

const SKUS = ['A', 'B', 'C'];

interface Channels {
  placement: boolean;
  delta: boolean;
  deltaHasAwb: boolean;
  hasPickup: boolean;
  /** One entry per RVP scan: whether it carries the return reference. */
  scansWithRef: boolean[];
  increff: boolean;
}

interface WorldReturn extends Channels {
  ref: string;
  forward: { awb: string; reference: string };
  day: number;
  /** SKU → quantity, sorted by SKU. */
  items: [string, number][];
}

const itemSet = fc
  .uniqueArray(fc.constantFrom(...SKUS), { minLength: 1, maxLength: 2 })
  .chain((skus) => fc.tuple(...skus.map((sku) => fc.tuple(fc.constant(sku), fc.integer({ min: 1, max: 2 })))))
  .map((items) => [...items].sort(([a], [b]) => (a < b ? -1 : 1)));

const channels: fc.Arbitrary<Channels> = fc.record({
  placement: fc.boolean(),
  delta: fc.boolean(),
  deltaHasAwb: fc.boolean(),
  hasPickup: fc.boolean(),
  scansWithRef: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }),
  increff: fc.boolean(),
});

const knowsReference = (r: Channels) => r.delta || r.increff || (r.hasPickup && r.scansWithRef.some(Boolean));

/** Makes the guesses of return identity unambiguous (each repair adds a channel the rules need). */
function unambiguous(returns: WorldReturn[]): WorldReturn[] {
  const sameItems = (a: WorldReturn, b: WorldReturn) => JSON.stringify(a.items) === JSON.stringify(b.items);
  // Rule 2: two returns of identical items are told apart only by their delta results (nearest in time).
  for (const r of returns) if (returns.some((other) => other !== r && sameItems(other, r))) r.delta = true;
  for (const r of returns) {
    // Rule 2b: a reference-less placement without a delta result takes a return of its order that has a
    // reference but no request; its own must be one, unless no other return could be taken.
    const othersWithoutDelta = returns.some((other) => other !== r && !other.delta);
    if (r.placement && !r.delta && !knowsReference(r) && othersWithoutDelta) {
      if (r.hasPickup) r.scansWithRef[0] = true;
      else r.increff = true;
    }
    // Rule 3: a pickup known only by reference-less scans joins the latest return of its order seen
    // before its first scan: its own placement or delta must be that one.
    const pickupLinked = (r.delta && r.deltaHasAwb) || r.scansWithRef.some(Boolean);
    if (r.hasPickup && !pickupLinked && !r.placement && !r.delta) r.scansWithRef[0] = true;
    // Something must show the return at all.
    if (!r.placement && !r.delta && !r.hasPickup && !r.increff) r.delta = true;
  }
  return returns;
}

const forwardOrder = (forwardIndex: number) =>
  fc.array(fc.tuple(itemSet, channels), { minLength: 1, maxLength: 3 }).map((drawn) =>
    unambiguous(
      drawn.map(([items, c], day) => ({
        ...c,
        scansWithRef: [...c.scansWithRef],
        ref: `R${forwardIndex}-${day}`,
        forward: { awb: `F${forwardIndex}`, reference: `ORDER-${forwardIndex}` },
        day,
        items,
      })),
    ),
  );

const pickupAwbOf = (r: WorldReturn) => `RVP-${r.ref}`;

function deliveriesOf(r: WorldReturn): ReturnDelivery[] {
  const at = (hour: number) =>
    `2024-03-${String(r.day + 1).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`;
  const links = {
    forwardAwb: r.forward.awb,
    forwardReference: r.forward.reference,
    items: r.items.map(([sku, quantity]) => item(sku, quantity)),
  };
  const deliveries: ReturnDelivery[] = [];
  if (r.placement) deliveries.push(returnPlaced(`placed-${r.ref}`, at(6), { ...links, cpId: -1 }));
  if (r.delta) {
    const awb = r.hasPickup && r.deltaHasAwb ? { returnAwb: pickupAwbOf(r), cpId: 25 } : {};
    deliveries.push(returnUpdated(`delta-${r.ref}`, at(7), { ...links, returnReference: r.ref, ...awb }));
  }
  if (r.hasPickup) {
    r.scansWithRef.forEach((withRef, index) => {
      deliveries.push(
        statusObserved({
          statusCode: [4, 5, 8][index] as number,
          occurredAt: at(8 + index),
          waybill: pickupAwbOf(r),
          cpId: 25,
          isRvp: true,
          forwardAwb: r.forward.awb,
          returnReference: withRef ? r.ref : null,
        }),
      );
    });
  }
  if (r.increff) {
    // The warehouse reports one line per unit.
    const units = r.items.flatMap(([sku, quantity]) =>
      Array.from({ length: quantity }, () => item(sku, 1, { qcStatus: 'PASS' })),
    );
    deliveries.push(
      returnProcessed(`increff-${r.ref}`, at(12), {
        returnReference: r.ref,
        forwardReference: r.forward.reference,
        items: units,
      }),
    );
  }
  return deliveries;
}

const redoReturns = fc.array(fc.constantFrom('X1', 'X2'), { maxLength: 2 }).map((ids) =>
  ids.map((id, index) =>
    returnUpdated(`redo-${id}-${index}`, '2024-03-01T06:00:00Z', {
      source: 'redo.webhook',
      platform: 'redo',
      returnReference: id,
      items: [item('A')],
    }),
  ),
);

const hardWorld = fc
  .tuple(fc.integer({ min: 1, max: 3 }), redoReturns)
  .chain(([forwardOrders, redo]) =>
    fc.tuple(
      fc.tuple(...Array.from({ length: forwardOrders }, (_, index) => forwardOrder(index))),
      fc.constant(redo),
    ),
  )
  .chain(([orders, redo]) => {
    const returns = orders.flat();
    const deliveries = [...returns.flatMap(deliveriesOf), ...redo];
    return replayed(deliveries).map((replay) => ({ returns, deliveries, ...replay }));
  });

/** The world return each fact belongs to, by fact event id. */
function ownerOfFacts(returns: WorldReturn[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const r of returns)
    for (const delivery of deliveriesOf(r)) {
      const fact = factOf(delivery);
      if (fact) owners.set(fact.eventId, r.ref);
    }
  return owners;
}

/** The fold found exactly the world's returns: same facts together, right names, pickup and items. */
function expectWorld(resolved: ReturnOrder[], returns: WorldReturn[]): void {
  const owners = ownerOfFacts(returns);
  const clickpost = resolved.filter((r) => r.platform === 'clickpost');
  const owning = clickpost.map((found) => [...new Set(found.eventIds.map((id) => owners.get(id)))]);
  for (const refs of owning) expect(refs).toHaveLength(1);
  expect(owning.flat().sort()).toEqual(returns.map((r) => r.ref).sort());
  for (const r of returns) {
    const found = clickpost[owning.findIndex(([ref]) => ref === r.ref)] as ReturnOrder;
    if (knowsReference(r)) expect(found.id).toBe(`ref:${r.ref}`);
    else if (r.hasPickup) expect(found.id).toBe(`awb:25:${pickupAwbOf(r)}`);
    else expect(found.id).toMatch(/^req:fa=/);
    expect(found.returnAwb).toBe(r.hasPickup ? pickupAwbOf(r) : null);
    const itemsKnown = r.placement || r.delta || r.increff;
    expect(found.items.map((i) => [i.sku, i.quantity])).toEqual(itemsKnown ? r.items : []);
  }
  expect(resolved.filter((r) => r.platform === 'redo').length).toBeLessThanOrEqual(2);
}

/** How often the hard cases occur (a property that never meets them proves nothing). */
const hardCases = (returns: WorldReturn[]) => ({
  withoutDelta: returns.some((r) => !r.delta),
  pickupOnlyByScansWithoutRef: returns.some(
    (r) => r.hasPickup && !r.scansWithRef.some(Boolean) && !(r.delta && r.deltaHasAwb),
  ),
  placementWithoutReference: returns.some((r) => r.placement && !r.delta),
  identicalItemSets: returns.some((r) =>
    returns.some(
      (o) =>
        o !== r && o.forward.awb === r.forward.awb && JSON.stringify(o.items) === JSON.stringify(r.items),
    ),
  ),
  partialReturnsWithDifferentItems: returns.some((r) =>
    returns.some(
      (o) =>
        o !== r && o.forward.awb === r.forward.awb && JSON.stringify(o.items) !== JSON.stringify(r.items),
    ),
  ),
});

describe('return identity in hard worlds', () => {
  it('generates every hard case often', () => {
    const worlds = fc.sample(hardWorld, { numRuns: 400, seed: 7 });
    for (const [name, count] of Object.entries(
      worlds
        .map(({ returns }) => hardCases(returns))
        .reduce<Record<string, number>>((counts, cases) => {
          for (const [name, present] of Object.entries(cases))
            counts[name] = (counts[name] ?? 0) + Number(present);
          return counts;
        }, {}),
    )) {
      expect(count, name).toBeGreaterThan(40);
    }
  });

  it('the fold finds exactly the world returns, whatever the order and duplicates', () => {
    fc.assert(
      fc.property(hardWorld, ({ returns, replay }) => expectWorld(resolveReturns(factsOf(replay)), returns)),
      { numRuns: 500 },
    );
  }, 60_000);

  it('applied in shuffled batches (late facts after a guess), it converges to the world returns', () => {
    fc.assert(
      fc.property(hardWorld, ({ returns, batches }) => expectWorld(applyIncrementally(batches), returns)),
      { numRuns: 500 },
    );
  }, 60_000);
});
