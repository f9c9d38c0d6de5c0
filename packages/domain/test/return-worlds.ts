import type { ReturnEvent, ShipmentStatusObserved } from '@shipfold/contracts';
import fc from 'fast-check';
import {
  keysOfFact,
  pickupFactOf,
  planReturnComponents,
  type ReturnFact,
  type ReturnOrder,
  returnFactOf,
} from '../src/index';

/** What the return properties share: deliveries to facts, shuffled replays, the projector's algorithm. */

export type ReturnDelivery = ReturnEvent | ShipmentStatusObserved;

export const factOf = (delivery: ReturnDelivery): ReturnFact | null =>
  delivery.type === 'shipment.status-observed' ? pickupFactOf(delivery) : returnFactOf(delivery);

export const factsOf = (deliveries: ReturnDelivery[]) =>
  deliveries.map(factOf).filter((fact): fact is ReturnFact => fact !== null);

/** The deliveries shuffled with random duplicates (`replay`), and the replay cut into batches. */
export const replayed = (deliveries: ReturnDelivery[]) =>
  fc
    .tuple(
      fc.array(fc.nat({ max: Math.max(0, deliveries.length - 1) }), { maxLength: 8 }),
      fc.array(fc.double({ noNaN: true }), {
        minLength: deliveries.length + 8,
        maxLength: deliveries.length + 8,
      }),
      fc.array(fc.integer({ min: 1, max: 4 }), {
        minLength: deliveries.length + 8,
        maxLength: deliveries.length + 8,
      }),
    )
    .map(([duplicates, sortKeys, batchSizes]) => {
      const replay = [
        ...deliveries,
        ...(deliveries.length ? duplicates.map((index) => deliveries[index]) : []),
      ]
        .filter((delivery) => delivery !== undefined)
        .map((delivery, index) => ({ delivery, key: sortKeys[index] ?? 0 }))
        .sort((a, b) => a.key - b.key)
        .map(({ delivery }) => delivery);
      const batches: ReturnDelivery[][] = [];
      for (let start = 0, index = 0; start < replay.length; index++) {
        const size = batchSizes[index] ?? 1;
        batches.push(replay.slice(start, start + size));
        start += size;
      }
      return { replay, batches };
    });

export const sortedById = (returns: ReturnOrder[]) =>
  [...returns].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The projector's algorithm, in memory: components stored by id, a key index, batches re-folded. */
export function applyIncrementally(batches: ReturnDelivery[][]): ReturnOrder[] {
  const components = new Map<string, ReturnFact[]>();
  const componentOfKey = new Map<string, string>();
  const returnsOf = new Map<string, ReturnOrder[]>();
  for (const batch of batches) {
    const facts = factsOf(batch);
    const touched = new Map<string, ReturnFact[]>();
    for (const key of facts.flatMap(keysOfFact)) {
      const id = componentOfKey.get(key);
      if (id !== undefined) touched.set(id, components.get(id) ?? []);
    }
    for (const plan of planReturnComponents(facts, touched)) {
      for (const replaced of plan.replaces) {
        components.delete(replaced);
        returnsOf.delete(replaced);
      }
      components.set(plan.id, plan.facts);
      returnsOf.set(plan.id, plan.returns);
      for (const key of plan.keys) componentOfKey.set(key, plan.id);
    }
  }
  return sortedById([...returnsOf.values()].flat());
}
