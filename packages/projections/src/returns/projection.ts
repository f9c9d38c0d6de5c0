import type { ReturnEvent, ShipmentStatusObserved } from '@shipfold/contracts';
import {
  factSet,
  keysOfFact,
  mergeFacts,
  pickupFactOf,
  planReturnComponents,
  RefusedEventError,
  type ReturnFact,
  returnFactOf,
} from '@shipfold/domain';
import { countRefusal, emptyReport, type Projection } from '../projection';
import {
  componentsOfKeys,
  loadComponents,
  loadStoredCopies,
  lockComponentKeys,
  writeComponents,
} from './write';

/**
 * return_* tables from return events and from RVP tracking (pickup facts of shipment events).
 * Per batch: drop facts already stored unchanged, find the components their keys touch, lock them,
 * load their facts, re-fold each resulting component (domain planReturnComponents) and rewrite it.
 */
export const returnProjection: Projection = {
  name: 'returns',
  kinds: ['return-events', 'shipment-events'],
  tables: ['return_facts', 'return_keys', 'return_orders', 'return_items'],

  async apply({ db, tables, warn }, kind, records) {
    const report = emptyReport();
    const facts: ReturnFact[] = [];
    for (const record of records) {
      try {
        const fact =
          kind === 'shipment-events'
            ? pickupFactOf(record.value as ShipmentStatusObserved)
            : returnFactOf(record.value as ReturnEvent);
        if (fact) facts.push(fact);
      } catch (error) {
        if (!(error instanceof RefusedEventError)) throw error;
        // Shipment events are refused (and counted) by the shipment projection already.
        if (kind === 'shipment-events') continue;
        countRefusal(report, error.reason);
        warn({ offset: String(record.offset), reason: error.reason }, error.message);
      }
    }
    report.applied = facts.length;
    if (facts.length === 0) return report;

    // A fact whose stored copy wins the merge changes nothing (the usual case for pickup facts:
    // every scan of a pickup repeats its links).
    const batch = [...factSet(facts).values()];
    const stored = await loadStoredCopies(
      db,
      tables,
      batch.map((fact) => fact.eventId),
    );
    const fresh = batch.filter((fact) => {
      const copy = stored.get(fact.eventId);
      return !copy || mergeFacts({ ...fact, ...copy }, fact) === fact;
    });
    report.duplicates = facts.length - fresh.length;
    if (fresh.length === 0) return report;

    const keys = [...new Set(fresh.flatMap(keysOfFact))];
    const components = await lockComponents(db, tables, keys);
    const plans = planReturnComponents(fresh, await loadComponents(db, tables, components));
    await writeComponents(db, tables, plans);
    return report;
  },
};

/**
 * The stored components the keys belong to, with their key rows locked. A component can be merged
 * into another between reading and locking, so the read is repeated under the locks until stable.
 */
async function lockComponents(
  db: Parameters<typeof componentsOfKeys>[0],
  tables: Parameters<typeof componentsOfKeys>[1],
  keys: string[],
): Promise<string[]> {
  const locked = new Set<string>();
  for (;;) {
    const components = await componentsOfKeys(db, tables, keys);
    const unlocked = components.filter((id) => !locked.has(id));
    if (unlocked.length === 0) return components;
    await lockComponentKeys(db, tables, unlocked);
    for (const id of unlocked) locked.add(id);
  }
}
