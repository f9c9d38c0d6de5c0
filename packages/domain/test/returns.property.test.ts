import { item, returnPlaced, returnProcessed, returnUpdated, statusObserved } from '@shipfold/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveReturns } from '../src/index';
import { applyIncrementally, factsOf, type ReturnDelivery, replayed, sortedById } from './return-worlds';

/**
 * Generated worlds: a few forward orders, each with one to three (partial) returns, each return seen
 * through a random subset of its channels (placement webhook, delta poll, RVP tracking scans with or
 * without the reference, Increff QC), plus Redo returns. Properties: every permutation of the
 * deliveries, with duplicates, folds to the identical returns — both folded at once and applied
 * incrementally in random batches the way the projector does; and, when every return was seen by the
 * delta poll, the fold finds exactly the world's returns.
 */

const DAYS = ['2024-03-01', '2024-03-02', '2024-03-03'];
const at = fc
  .tuple(fc.constantFrom(...DAYS), fc.integer({ min: 8, max: 9 }))
  .map(([day, hour]) => `${day}T0${hour}:00:00Z`);

interface WorldReturn {
  ref: string;
  forward: { awb: string; reference: string };
  skus: [string, number][];
  pickupAwb: string | null;
  deliveries: ReturnDelivery[];
}

const worldReturn = (forwardIndex: number, returnIndex: number, alwaysDelta: boolean) =>
  fc
    .record({
      shared: fc.boolean(), // items that other returns of this forward order may also have
      quantity: fc.integer({ min: 1, max: 2 }),
      placedAt: at,
      deltaAt: at,
      placement: fc.boolean(),
      delta: alwaysDelta ? fc.constant(true) : fc.boolean(),
      deltaHasAwb: fc.boolean(),
      hasPickup: fc.boolean(),
      scans: fc.array(fc.tuple(at, fc.boolean(), fc.constantFrom(4, 5, 8)), { minLength: 1, maxLength: 3 }),
      processedAt: fc.option(at, { nil: null }),
      status: fc.constantFrom('Return Order Placed', 'SUCCESS'),
    })
    .map((r): WorldReturn => {
      const ref = `R${forwardIndex}${returnIndex}`;
      const forward = { awb: `F${forwardIndex}`, reference: `ORDER-${forwardIndex}` };
      // A unique SKU per return keeps item multisets distinct unless `shared` adds a common one.
      const skus: [string, number][] = alwaysDelta
        ? [[`SKU-${ref}`, r.quantity]]
        : [[r.shared ? 'SKU-COMMON' : `SKU-${ref}`, r.quantity]];
      const items = skus.map(([sku, quantity]) => item(sku, quantity));
      const pickupAwb = r.hasPickup ? `RVP-${ref}` : null;
      const deliveries: WorldReturn['deliveries'] = [];
      const links = { forwardAwb: forward.awb, forwardReference: forward.reference, items };
      if (r.placement)
        deliveries.push(returnPlaced(`placed-${ref}`, r.placedAt, { ...links, cpId: -1, status: r.status }));
      if (r.delta) {
        deliveries.push(
          returnUpdated(`delta-${ref}`, r.deltaAt, {
            ...links,
            returnReference: ref,
            ...(r.deltaHasAwb && pickupAwb ? { returnAwb: pickupAwb, cpId: 25 } : {}),
          }),
        );
      }
      if (pickupAwb) {
        for (const [scanAt, withRef, statusCode] of r.scans) {
          deliveries.push(
            statusObserved({
              statusCode,
              occurredAt: scanAt,
              waybill: pickupAwb,
              cpId: 25,
              isRvp: true,
              forwardAwb: forward.awb,
              returnReference: withRef || alwaysDelta ? ref : null,
            }),
          );
        }
      }
      if (r.processedAt) {
        deliveries.push(
          returnProcessed(`increff-${ref}`, r.processedAt, {
            returnReference: ref,
            forwardReference: forward.reference,
            items: skus.map(([sku]) => item(sku, 1, { qcStatus: 'PASS' })),
          }),
        );
      }
      return { ref, forward, skus, pickupAwb, deliveries };
    });

const world = (alwaysDelta: boolean) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 }),
      fc.array(fc.tuple(fc.constantFrom('X1', 'X2'), at), { maxLength: 3 }),
    )
    .chain(([returnsPerForward, redo]) =>
      fc.tuple(
        fc.tuple(
          ...returnsPerForward.flatMap((count, forwardIndex) =>
            Array.from({ length: count }, (_, returnIndex) =>
              worldReturn(forwardIndex, returnIndex, alwaysDelta),
            ),
          ),
        ),
        fc.constant(
          redo.map(([id, when], index) =>
            returnUpdated(`redo-${id}-${index}`, when, {
              source: 'redo.webhook',
              platform: 'redo',
              returnReference: id,
              status: `s${index}`,
              items: [item(`REDO-${index}`)],
            }),
          ),
        ),
      ),
    );

/** The world's deliveries, and a shuffled replay with duplicates cut into batches. */
const scenario = (alwaysDelta: boolean) =>
  world(alwaysDelta).chain(([returns, redo]) => {
    const deliveries = [...returns.flatMap((r) => r.deliveries), ...redo];
    return replayed(deliveries).map(({ replay, batches }) => ({ returns, deliveries, replay, batches }));
  });

describe('return fold properties', () => {
  it('any permutation with duplicates resolves to the identical returns', () => {
    fc.assert(
      fc.property(scenario(false), ({ deliveries, replay }) => {
        expect(resolveReturns(factsOf(replay))).toEqual(resolveReturns(factsOf(deliveries)));
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('applying shuffled batches incrementally (stored components) equals folding everything at once', () => {
    fc.assert(
      fc.property(scenario(false), ({ deliveries, batches }) => {
        expect(applyIncrementally(batches)).toEqual(sortedById(resolveReturns(factsOf(deliveries))));
      }),
      { numRuns: 400 },
    );
  }, 60_000);

  it('when the delta poll saw every return, the fold finds exactly the world returns', () => {
    fc.assert(
      fc.property(scenario(true), ({ returns, replay }) => {
        const resolved = resolveReturns(factsOf(replay)).filter((r) => r.platform === 'clickpost');
        expect(resolved.map((r) => r.id).sort()).toEqual(returns.map((r) => `ref:${r.ref}`).sort());
        for (const r of returns) {
          const found = resolved.find((candidate) => candidate.id === `ref:${r.ref}`);
          expect(found?.returnAwb).toBe(r.pickupAwb);
          expect(found?.items.map((i) => [i.sku, i.quantity])).toEqual(r.skus);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
