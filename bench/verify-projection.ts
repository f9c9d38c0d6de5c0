/**
 * What the projector benchmark checks before it reports a figure (`npm run bench:projector`): that
 * the tables it timed hold what one projector that saw every event would hold, computed with the
 * domain's pure folds (no Kafka, no PostgreSQL, no batches). A projector that dropped, refused or
 * misapplied events would otherwise report a better figure.
 *
 *   - row counts of every table the projections own, against the fold of the generated history;
 *   - full equality (every column, every scan, every item) on a deterministic sample of shipments and
 *     returns, read back through the API's read path;
 *   - no event refused (the projector's `shipfold_projector_events_refused_total`), and every
 *     delivered event applied exactly once (`shipfold_projector_events_applied_total`).
 *
 * The expectation and the comparison are pure (unit-tested in test/bench-verify-projection.test.ts);
 * `readStoredState` is the only part that reads the database.
 */
import type { DomainEvent, ShipmentStatusObserved } from '@shipfold/contracts';
import {
  fingerprint,
  foldShipment,
  pickupFactOf,
  planReturnComponents,
  type ReturnOrder,
  type Scan,
  type Shipment,
  type ShipmentHead,
  shipmentKeyString,
} from '@shipfold/domain';
import { groupEvents } from '@shipfold/load-harness';
import {
  PROJECTION_TABLES,
  type ProjectionName,
  type Queryable,
  quoteIdentifier,
  type ReturnRecord,
  readReturn,
  readShipments,
  type Tables,
} from '@shipfold/projections';

/** What the tables must hold after every delivery was projected. */
export interface ExpectedProjection {
  /** Rows of each table the projections own (PROJECTION_TABLES). */
  rowCounts: ReadonlyMap<string, number>;
  /** Every shipment, by `cpId:waybill`. */
  shipments: ReadonlyMap<string, Shipment>;
  /** Every return order, by id. */
  returns: ReadonlyMap<string, ReturnOrder>;
  /** Events each projection must have applied, duplicates included: once per delivery. */
  applied: ReadonlyMap<ProjectionName, number>;
}

/**
 * The pure fold of a history: `events` once each, `deliveries` as they were produced (copies
 * included). Throws when the fold itself refuses an event: the benchmark's history must be valid.
 */
export function expectedProjection(
  events: readonly DomainEvent[],
  deliveries: readonly DomainEvent[],
): ExpectedProjection {
  const { shipmentEvents, facts } = groupEvents(events);
  const shipments = new Map<string, Shipment>();
  for (const [key, group] of shipmentEvents) shipments.set(key, foldShipment(group) as Shipment);
  const plans = planReturnComponents(facts, new Map());
  const returns = new Map<string, ReturnOrder>();
  for (const plan of plans) for (const order of plan.returns) returns.set(order.id, order);

  const sum = <T>(items: Iterable<T>, count: (item: T) => number) => {
    let total = 0;
    for (const item of items) total += count(item);
    return total;
  };
  const rowCounts = new Map<string, number>([
    ['shipments', shipments.size],
    ['shipment_scans', sum(shipments.values(), (shipment) => shipment.scans.size)],
    ['return_facts', sum(plans, (plan) => plan.facts.length)],
    ['return_keys', sum(plans, (plan) => plan.keys.length)],
    ['return_orders', returns.size],
    ['return_items', sum(returns.values(), (order) => order.items.length)],
    // The benchmark produces no DLQ records.
    ['dlq_records', 0],
  ]);

  const shipmentDeliveries = deliveries.filter(
    (event): event is ShipmentStatusObserved => event.type === 'shipment.status-observed',
  );
  const applied = new Map<ProjectionName, number>([
    ['shipments', shipmentDeliveries.length],
    // Return events, and the pickup fact of every RVP scan (each delivery folds its fact in again).
    [
      'returns',
      deliveries.length -
        shipmentDeliveries.length +
        shipmentDeliveries.filter((event) => pickupFactOf(event) !== null).length,
    ],
    ['dlq', 0],
  ]);
  return { rowCounts, shipments, returns, applied };
}

/** Which aggregates are compared in full: keys ordered by their SHA-256, the first `size` of each kind. */
export interface Sample {
  shipments: { cpId: number; waybill: string }[];
  returns: string[];
}

export function chooseSample(expected: ExpectedProjection, size: number): Sample {
  const first = (keys: Iterable<string>) =>
    [...keys]
      .map((key) => ({ key, order: fingerprint(key) }))
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
      .slice(0, size)
      .map(({ key }) => key);
  return {
    shipments: first(expected.shipments.keys()).map((key) => {
      const { cpId, waybill } = expected.shipments.get(key) as Shipment;
      return { cpId, waybill };
    }),
    returns: first(expected.returns.keys()),
  };
}

/** What the tables hold: row counts of every projection table, and the sampled aggregates as read. */
export interface StoredState {
  rowCounts: ReadonlyMap<string, number>;
  /** By `cpId:waybill`; null: not stored. */
  shipments: ReadonlyMap<string, { head: ShipmentHead; scans: readonly Scan[] } | null>;
  /** By id; null: not stored. */
  returns: ReadonlyMap<string, ReturnRecord | null>;
}

export async function readStoredState(db: Queryable, tables: Tables, sample: Sample): Promise<StoredState> {
  const rowCounts = new Map<string, number>();
  for (const table of PROJECTION_TABLES) {
    const { rows } = await db.query<{ count: string }>(
      `SELECT count(*) FROM ${quoteIdentifier(tables.schema)}.${quoteIdentifier(table)}`,
    );
    rowCounts.set(table, Number(rows[0]?.count));
  }
  const shipments = new Map<string, { head: ShipmentHead; scans: readonly Scan[] } | null>();
  for (const key of sample.shipments) {
    const [found] = await readShipments(db, tables, key.waybill, key.cpId);
    shipments.set(shipmentKeyString(key), found ?? null);
  }
  const returns = new Map<string, ReturnRecord | null>();
  for (const id of sample.returns) returns.set(id, await readReturn(db, tables, id));
  return { rowCounts, shipments, returns };
}

/** What the projector's metrics counted, summed over its instances. */
export interface ProjectorCounts {
  /** Events refused, by `projection/reason`. */
  refused: ReadonlyMap<string, number>;
  /** Events applied, by projection. */
  applied: ReadonlyMap<string, number>;
}

/** Every way the stored state and the counts differ from the expectation, in words; empty: verified. */
export function projectionProblems(
  expected: ExpectedProjection,
  stored: StoredState,
  counts: ProjectorCounts,
): string[] {
  return [
    ...refusalProblems(counts.refused),
    ...appliedProblems(expected.applied, counts.applied),
    ...rowCountProblems(expected.rowCounts, stored.rowCounts),
    ...[...stored.shipments].flatMap(([key, found]) =>
      shipmentProblems(key, expected.shipments.get(key), found),
    ),
    ...[...stored.returns].flatMap(([id, found]) => returnProblems(id, expected.returns.get(id), found)),
  ];
}

export function refusalProblems(refused: ReadonlyMap<string, number>): string[] {
  return [...refused]
    .filter(([, count]) => count > 0)
    .map(([reason, count]) => `${count} event(s) refused (${reason}); a benchmark's history has none`);
}

export function appliedProblems(
  expected: ReadonlyMap<string, number>,
  applied: ReadonlyMap<string, number>,
): string[] {
  const problems: string[] = [];
  for (const [projection, want] of expected) {
    const got = applied.get(projection) ?? 0;
    if (got !== want) {
      problems.push(
        `projection ${projection} applied ${got} events, ${want} were delivered (each must be applied once)`,
      );
    }
  }
  return problems;
}

/** Every table the projections own must have an expectation, and hold exactly that many rows. */
export function rowCountProblems(
  expected: ReadonlyMap<string, number>,
  stored: ReadonlyMap<string, number>,
  tables: readonly string[] = PROJECTION_TABLES,
): string[] {
  const problems: string[] = [];
  for (const table of new Set([...tables, ...expected.keys(), ...stored.keys()])) {
    const want = expected.get(table);
    const got = stored.get(table);
    if (want === undefined) problems.push(`table ${table}: no expected row count (the check must learn it)`);
    else if (got === undefined) problems.push(`table ${table}: not counted (expected ${want} rows)`);
    else if (got !== want) problems.push(`table ${table}: ${got} rows, the pure fold gives ${want}`);
  }
  return problems;
}

/** JSON with object keys sorted: two values are equal when their texts are. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

/** Fields of two records that differ, as `field: stored …, expected …`. */
function fieldDifferences(expected: Record<string, unknown>, stored: Record<string, unknown>): string[] {
  const differing: string[] = [];
  for (const field of new Set([...Object.keys(expected), ...Object.keys(stored)])) {
    const want = canonical(expected[field]);
    const got = canonical(stored[field]);
    if (want !== got) differing.push(`${field}: stored ${got}, expected ${want}`);
  }
  return differing;
}

export function shipmentProblems(
  key: string,
  expected: Shipment | undefined,
  stored: { head: ShipmentHead; scans: readonly Scan[] } | null,
): string[] {
  if (expected === undefined) return [`shipment ${key}: not in the pure fold`];
  if (stored === null) return [`shipment ${key}: not stored`];
  const { scans: expectedScans, ...expectedHead } = expected;
  const problems = fieldDifferences(expectedHead, { ...stored.head }).map(
    (difference) => `shipment ${key}: ${difference}`,
  );
  const storedScans = new Map(stored.scans.map((scan) => [scan.eventId, scan]));
  for (const [eventId, scan] of expectedScans) {
    const found = storedScans.get(eventId);
    storedScans.delete(eventId);
    if (found === undefined) problems.push(`shipment ${key}: scan ${eventId} not stored`);
    else if (canonical(found) !== canonical(scan)) {
      problems.push(`shipment ${key}: scan ${eventId} is ${canonical(found)}, expected ${canonical(scan)}`);
    }
  }
  for (const eventId of storedScans.keys())
    problems.push(`shipment ${key}: scan ${eventId} not in the pure fold`);
  return problems;
}

const bySku = <T extends { sku: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));

export function returnProblems(
  id: string,
  expected: ReturnOrder | undefined,
  stored: ReturnRecord | null,
): string[] {
  if (expected === undefined) return [`return ${id}: not in the pure fold`];
  if (stored === null) return [`return ${id}: not stored`];
  // The identity keys are in return_keys (counted), not on the read model.
  const { keys: _keys, items, ...attributes } = expected;
  const { items: storedItems, ...storedAttributes } = stored;
  return fieldDifferences(
    { ...attributes, items: bySku(items) },
    { ...storedAttributes, items: bySku(storedItems) },
  ).map((difference) => `return ${id}: ${difference}`);
}

/**
 * Counter values from a Prometheus text exposition (a projector process's /metrics), by their label
 * set as written (`projection="shipments",reason="…"`): a spawned projector's /metrics, or the in-process one's registry.
 */
export function counterValues(exposition: string, name: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (match?.[1] !== name) continue;
    const labels = match[2] ?? '';
    values.set(labels, (values.get(labels) ?? 0) + Number(match[3]));
  }
  return values;
}

/** A label's value in a label set as `counterValues` keys it. */
export function labelValue(labels: string, label: string): string | undefined {
  return new RegExp(`(?:^|,)${label}="((?:[^"\\\\]|\\\\.)*)"`).exec(labels)?.[1];
}

/** Thrown instead of reporting a figure: what was wrong, the first `shown` problems listed. */
export class ProjectionNotVerified extends Error {
  constructor(
    readonly problems: readonly string[],
    shown = 20,
  ) {
    super(
      `the projected tables are not what the pure fold of the produced events gives: ${problems.length} problem(s); ` +
        `no figure reported\n${problems
          .slice(0, shown)
          .map((problem) => `  - ${problem}`)
          .join('\n')}${problems.length > shown ? `\n  … and ${problems.length - shown} more` : ''}`,
    );
    this.name = 'ProjectionNotVerified';
  }
}

/** Throws ProjectionNotVerified unless `problems` is empty. */
export function refuseUnlessVerified(problems: readonly string[]): void {
  if (problems.length > 0) throw new ProjectionNotVerified(problems);
}
