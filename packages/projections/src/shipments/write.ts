import {
  compareText,
  type Scan,
  type ShipmentHead,
  type ShipmentKey,
  shipmentKeyString,
} from '@shipfold/domain';
import type { Queryable } from '../queryable';
import { copyRows, type StagedValue, stageRows } from '../staging';
import { instantText, type Tables } from '../tables';
import {
  CURRENT,
  HEAD_COLUMNS,
  NAMES,
  REGISTERS,
  type Register,
  rowOfHead,
  SCAN_INPUT_COLUMNS,
  SCAN_NAMES,
} from './rows';

/**
 * The write path of shipments / shipment_scans. Writing a head is itself a join: `INSERT … ON
 * CONFLICT DO UPDATE` keeps, field by field, whichever of the stored and the incoming value the fold
 * would keep (mergeHeads), with the fold's order
 * spelled in SQL: the current status by (status_at, is_terminal, status_code, status_fingerprint),
 * each "latest by event time" field by (its instant, its value in "C" collation), is_rvp by OR.
 * So the projector never reads a head before writing it, and two writers of one shipment cannot
 * lose each other's update (the row lock of the conflicting insert serializes them).
 */

const CURRENT_WINS = `(excluded.status_at, excluded.is_terminal, excluded.status_code, excluded.status_fingerprint)
  > (s.status_at, s.is_terminal, s.status_code, s.status_fingerprint)`;

const registerWins = ({ at, greater }: Register) =>
  `excluded.${at} IS NOT NULL AND (s.${at} IS NULL OR excluded.${at} > s.${at} OR (excluded.${at} = s.${at} AND (${greater})))`;

const takeIf = (condition: string, columns: string[]) =>
  columns.map((column) => `${column} = CASE WHEN ${condition} THEN excluded.${column} ELSE s.${column} END`);

const MERGE_SET = [
  ...takeIf(CURRENT_WINS, CURRENT),
  ...REGISTERS.flatMap((register) => takeIf(registerWins(register), [...register.columns, register.at])),
  'is_rvp = s.is_rvp OR excluded.is_rvp',
  'first_scan_at = LEAST(s.first_scan_at, excluded.first_scan_at)',
  'last_scan_at = GREATEST(s.last_scan_at, excluded.last_scan_at)',
  'projected_at = now()',
].join(',\n        ');

/**
 * Joins the heads into the stored rows, inside the batch's transaction. Shipments not stored yet are
 * COPYed straight into the table (what a catch-up or a rebuild mostly meets); the others are staged
 * with COPY and merged by one statement. Returns, for the shipments that were stored, the instant
 * of their current status before this write (the out-of-order metric): a shipment absent from it
 * was created by this write.
 *
 * A concurrent transaction creating one of the same shipments (two members applying one partition
 * around a rebalance) makes one of the COPYs fail on the primary key; that batch is retried and
 * then merges. New rows go in key order, so two such writers wait on each other instead of deadlocking.
 */
export async function writeHeads(
  db: Queryable,
  tables: Tables,
  heads: readonly ShipmentHead[],
): Promise<Map<string, string>> {
  if (heads.length === 0) return new Map();
  const before = await storedStatusInstants(db, tables, heads);
  const created: StagedValue[][] = [];
  const known: StagedValue[][] = [];
  for (const head of [...heads].sort(byKey)) {
    const row = rowOfHead(head);
    (before.has(shipmentKeyString(head)) ? known : created).push(
      HEAD_COLUMNS.map(([name]) => row[name] ?? null),
    );
  }
  if (created.length > 0) await copyRows(db, tables.shipments, HEAD_COLUMNS, created);
  if (known.length > 0) {
    const input = await stageRows(db, 'shipment_heads_input', HEAD_COLUMNS, known);
    await db.query(
      `INSERT INTO ${tables.shipments} AS s (${NAMES})
        -- One order for every writer, so two transactions merging overlapping shipments cannot deadlock.
        SELECT ${NAMES} FROM ${input} ORDER BY waybill COLLATE "C", cp_id
        ON CONFLICT (waybill, cp_id) DO UPDATE SET
        ${MERGE_SET}`,
    );
  }
  return before;
}

/** The instant of the current status of those of the shipments that are stored, by key string. */
async function storedStatusInstants(
  db: Queryable,
  tables: Tables,
  keys: readonly ShipmentKey[],
): Promise<Map<string, string>> {
  const { rows } = await db.query<{ waybill: string; cp_id: number; status_at: string }>(
    `SELECT s.waybill, s.cp_id, ${instantText('s.status_at')} AS status_at
      FROM ${tables.shipments} s JOIN unnest($1::text[], $2::int[]) AS k (waybill, cp_id) USING (waybill, cp_id)`,
    [keys.map((key) => key.waybill), keys.map((key) => key.cpId)],
  );
  return new Map(
    rows.map((row) => [shipmentKeyString({ cpId: row.cp_id, waybill: row.waybill }), row.status_at]),
  );
}

/** The primary key's order: waybill in "C" collation, then courier. */
const byKey = (a: ShipmentHead, b: ShipmentHead): number =>
  compareText(a.waybill, b.waybill) || a.cpId - b.cpId;

/** The scans of one shipment (one per event id). */
export interface ShipmentScans {
  key: ShipmentKey;
  scans: Iterable<Scan>;
}

/**
 * Inserts scans; a second copy of a stored scan replaces it only if its fingerprint is greater (the
 * fold's rule). `stored` is what writeHeads returned in the same transaction: a shipment it does not
 * hold was just created, so none of its scans can be stored yet and they are COPYed straight in.
 * Returns how many scans were new.
 */
export async function insertScans(
  db: Queryable,
  tables: Tables,
  shipments: readonly ShipmentScans[],
  stored: ReadonlyMap<string, unknown>,
): Promise<number> {
  const created: StagedValue[][] = [];
  const known: StagedValue[][] = [];
  for (const { key, scans } of shipments) {
    const rows = stored.has(shipmentKeyString(key)) ? known : created;
    for (const scan of scans) {
      rows.push([
        key.waybill,
        key.cpId,
        scan.eventId,
        scan.statusCode,
        scan.status,
        scan.description,
        scan.bucket,
        scan.bucketDescription,
        scan.location,
        scan.remark,
        scan.occurredAt,
        scan.fingerprint,
      ]);
    }
  }
  if (created.length > 0) await copyRows(db, tables.shipmentScans, SCAN_INPUT_COLUMNS, created);
  if (known.length === 0) return created.length;
  const input = await stageRows(db, 'shipment_scans_input', SCAN_INPUT_COLUMNS, known);
  const { rows: counted } = await db.query<{ inserted: string }>(
    `WITH written AS (
        INSERT INTO ${tables.shipmentScans} AS s (${SCAN_NAMES})
        SELECT ${SCAN_NAMES} FROM ${input}
        ON CONFLICT (waybill, cp_id, event_id) DO UPDATE SET
          status_code = excluded.status_code, status = excluded.status, description = excluded.description,
          bucket = excluded.bucket, bucket_description = excluded.bucket_description,
          location = excluded.location, remark = excluded.remark, occurred_at = excluded.occurred_at,
          fingerprint = excluded.fingerprint
        WHERE excluded.fingerprint > s.fingerprint
        RETURNING (xmax = 0) AS inserted
      )
      SELECT count(*) FILTER (WHERE inserted) AS inserted FROM written`,
  );
  return created.length + Number(counted[0]?.inserted ?? 0);
}
