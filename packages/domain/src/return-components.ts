import { factSet, type ReturnFact } from './return-facts';
import { type ReturnOrder, resolveReturns } from './return-fold';
import { allKeys, componentId, connectedComponents, identityKeys } from './return-identity';

/**
 * Incremental use of the return fold. The projector stores facts grouped in connected components
 * (return-identity.ts) and, for a batch of new facts, loads only the components their keys touch,
 * merges, and re-folds those. Because resolution never crosses components, the returns obtained this
 * way equal `resolveReturns` over every fact ever seen, whatever the batching and order.
 */

export interface ComponentPlan {
  id: string;
  /** The component's facts, copies of one event id merged. */
  facts: ReturnFact[];
  /** Every key of its facts (strong, request, forward), sorted. */
  keys: string[];
  returns: ReturnOrder[];
  /** Ids of stored components this one absorbs (their rows are replaced). */
  replaces: string[];
  /** Facts to (re)write: new ones, fresher copies, and stored ones that moved to this component. */
  changedFacts: ReturnFact[];
}

export const keysOfFact = (fact: ReturnFact): string[] => allKeys(identityKeys(fact));

/**
 * @param newFacts facts of the batch
 * @param stored the stored components any of their keys point to, by component id
 */
export function planReturnComponents(
  newFacts: readonly ReturnFact[],
  stored: ReadonlyMap<string, readonly ReturnFact[]>,
): ComponentPlan[] {
  const origin = new Map<string, string>();
  const storedCopies = new Set<ReturnFact>();
  for (const [id, facts] of stored) {
    for (const fact of facts) {
      origin.set(fact.eventId, id);
      storedCopies.add(fact);
    }
  }
  const facts = [...factSet([...[...stored.values()].flat(), ...newFacts]).values()];
  return connectedComponents(facts, keysOfFact).map((component) => {
    const keys = [...new Set(component.flatMap(keysOfFact))].sort();
    const replaces = new Set<string>();
    for (const fact of component) {
      const from = origin.get(fact.eventId);
      if (from !== undefined) replaces.add(from);
    }
    const id = componentId(keys);
    return {
      id,
      facts: component,
      keys,
      returns: resolveReturns(component),
      replaces: [...replaces].sort(),
      changedFacts: component.filter((fact) => !storedCopies.has(fact) || origin.get(fact.eventId) !== id),
    };
  });
}
