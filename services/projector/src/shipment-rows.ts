import {
  compareText,
  isTerminalStatus,
  type Scan,
  type ShipmentHead,
  type ShipmentKey,
  type Stamped,
  shipmentKeyString,
} from '@shipfold/domain';
import type { Queryable } from './queryable';
import { instantText, type Tables } from './sql';
import { copyRows, type StagedValue, type StagingColumn, stageRows } from './staging';

/**
 * shipments / shipment_scans rows <-> the shipment fold (packages/domain/src/shipment.ts).
 *
 * Writing a head is itself a join: `INSERT … ON CONFLICT DO UPDATE` keeps, field by field, whichever
 * of the stored and the incoming value the fold would keep (mergeHeads), with the fold's order
 * spelled in SQL: the current status by (status_at, is_terminal, status_code, status_fingerprint),
 * each "latest by event time" field by (its instant, its value in "C" collation), is_rvp by OR.
 * So the projector never reads a head before writing it, and two writers of one shipment cannot
 * lose each other's update (the row lock of the conflicting insert serializes them).
 */

/** Columns of the current status, taken together from whichever observation wins. */
const CURRENT = [
  'status_code',
  'status',
  'description',
  'bucket',
  'bucket_description',
  'location',
  'remark',
  'status_at',
  'status_fingerprint',
  'is_terminal',
];
const CURRENT_WINS = `(excluded.status_at, excluded.is_terminal, excluded.status_code, excluded.status_fingerprint)
  > (s.status_at, s.is_terminal, s.status_code, s.status_fingerprint)`;

/** A "latest by event time" register stored as value column(s) + `<name>_at`. */
interface Register {
  at: string;
  columns: string[];
  /** The incoming value is greater than the stored one (both present, equal instants). */
  greater: string;
}

const textRegister = (column: string): Register => ({
  at: `${column}_at`,
  columns: [column],
  greater: `excluded.${column} COLLATE "C" > s.${column} COLLATE "C"`,
});

const REGISTERS: Register[] = [
  {
    at: 'ndr_at',
    columns: ['ndr_code', 'ndr_description'],
    // lattice.ts compareValues on { code, description }: code, then description (null lowest).
    greater: `excluded.ndr_code > s.ndr_code OR (excluded.ndr_code = s.ndr_code AND excluded.ndr_description IS NOT NULL
      AND (s.ndr_description IS NULL OR excluded.ndr_description COLLATE "C" > s.ndr_description COLLATE "C"))`,
  },
  textRegister('edd'),
  textRegister('forward_awb'),
  textRegister('forward_reference'),
  textRegister('return_reference'),
  textRegister('reference_number'),
  textRegister('account_code'),
];

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

/** Every column of a head row with its SQL type, in one order for JSON input and for reads. */
const HEAD_COLUMNS: [string, string][] = [
  ['waybill', 'text'],
  ['cp_id', 'int'],
  ...CURRENT.map((column): [string, string] =>
    column === 'status_at'
      ? [column, 'timestamptz']
      : column === 'is_terminal'
        ? [column, 'bool']
        : [column, column === 'status_code' || column === 'bucket' ? 'int' : 'text'],
  ),
  ['ndr_code', 'int'],
  ['ndr_description', 'text'],
  ['ndr_at', 'timestamptz'],
  ...REGISTERS.slice(1).flatMap((register): [string, string][] => [
    [register.columns[0] as string, 'text'],
    [register.at, 'timestamptz'],
  ]),
  ['is_rvp', 'bool'],
  ['first_scan_at', 'timestamptz'],
  ['last_scan_at', 'timestamptz'],
];

const NAMES = HEAD_COLUMNS.map(([name]) => name).join(', ');
const READ_COLUMNS = HEAD_COLUMNS.map(([name, type]) =>
  type === 'timestamptz' ? `${instantText(name)} AS ${name}` : name,
).join(', ');

type HeadRow = Record<string, StagedValue>;

/** A head as a row of named columns (see HEAD_COLUMNS). */
function rowOfHead(head: ShipmentHead): HeadRow {
  const { current } = head;
  return {
    waybill: head.waybill,
    cp_id: head.cpId,
    status_code: current.statusCode,
    status: current.status,
    description: current.description,
    bucket: current.bucket,
    bucket_description: current.bucketDescription,
    location: current.location,
    remark: current.remark,
    status_at: current.occurredAt,
    status_fingerprint: current.fingerprint,
    is_terminal: isTerminalStatus(current.statusCode),
    ndr_code: head.ndr?.value.code ?? null,
    ndr_description: head.ndr?.value.description ?? null,
    ndr_at: head.ndr?.at ?? null,
    edd: head.edd?.value ?? null,
    edd_at: head.edd?.at ?? null,
    forward_awb: head.forwardAwb?.value ?? null,
    forward_awb_at: head.forwardAwb?.at ?? null,
    forward_reference: head.forwardReference?.value ?? null,
    forward_reference_at: head.forwardReference?.at ?? null,
    return_reference: head.returnReference?.value ?? null,
    return_reference_at: head.returnReference?.at ?? null,
    reference_number: head.referenceNumber?.value ?? null,
    reference_number_at: head.referenceNumber?.at ?? null,
    account_code: head.accountCode?.value ?? null,
    account_code_at: head.accountCode?.at ?? null,
    is_rvp: head.isRvp,
    first_scan_at: head.firstScanAt,
    last_scan_at: head.lastScanAt,
  };
}

const stamped = <T>(value: T | null, at: unknown): Stamped<T> | null =>
  value === null || at === null ? null : { value, at: at as string };

function headOfRow(row: HeadRow): ShipmentHead {
  const text = (name: string) => row[name] as string | null;
  return {
    cpId: row.cp_id as number,
    waybill: row.waybill as string,
    current: {
      statusCode: row.status_code as number,
      status: row.status as string,
      description: text('description'),
      bucket: row.bucket as number | null,
      bucketDescription: text('bucket_description'),
      location: text('location'),
      remark: text('remark'),
      occurredAt: row.status_at as string,
      fingerprint: row.status_fingerprint as string,
    },
    ndr: stamped(
      row.ndr_code === null ? null : { code: row.ndr_code as number, description: text('ndr_description') },
      row.ndr_at,
    ),
    edd: stamped(text('edd'), row.edd_at),
    isRvp: row.is_rvp as boolean,
    forwardAwb: stamped(text('forward_awb'), row.forward_awb_at),
    forwardReference: stamped(text('forward_reference'), row.forward_reference_at),
    returnReference: stamped(text('return_reference'), row.return_reference_at),
    referenceNumber: stamped(text('reference_number'), row.reference_number_at),
    accountCode: stamped(text('account_code'), row.account_code_at),
    firstScanAt: row.first_scan_at as string,
    lastScanAt: row.last_scan_at as string,
  };
}

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

/** shipment_scans' columns, in the order of the staged rows. */
const SCAN_INPUT_COLUMNS: StagingColumn[] = [
  ['waybill', 'text'],
  ['cp_id', 'int'],
  ['event_id', 'text'],
  ['status_code', 'int'],
  ['status', 'text'],
  ['description', 'text'],
  ['bucket', 'int'],
  ['bucket_description', 'text'],
  ['location', 'text'],
  ['remark', 'text'],
  ['occurred_at', 'timestamptz'],
  ['fingerprint', 'text COLLATE "C"'],
];

const SCAN_NAMES = SCAN_INPUT_COLUMNS.map(([name]) => name).join(', ');

const SCAN_COLUMNS = `event_id, status_code, status, description, bucket, bucket_description, location, remark,
  ${instantText('occurred_at')} AS occurred_at, fingerprint`;

interface ScanDbRow {
  event_id: string;
  status_code: number;
  status: string;
  description: string | null;
  bucket: number | null;
  bucket_description: string | null;
  location: string | null;
  remark: string | null;
  occurred_at: string;
  fingerprint: string;
}

const scanOfRow = (row: ScanDbRow): Scan => ({
  eventId: row.event_id,
  statusCode: row.status_code,
  status: row.status,
  description: row.description,
  bucket: row.bucket,
  bucketDescription: row.bucket_description,
  location: row.location,
  remark: row.remark,
  occurredAt: row.occurred_at,
  fingerprint: row.fingerprint,
});

/** The shipments with a waybill (one per courier, usually one), with their scans: for the read side. */
export async function readShipments(
  db: Queryable,
  tables: Tables,
  waybill: string,
  cpId?: number,
  { withScans = true }: { withScans?: boolean } = {},
): Promise<{ head: ShipmentHead; scans: Scan[] }[]> {
  const { rows } = await db.query<HeadRow>(
    `SELECT ${READ_COLUMNS} FROM ${tables.shipments} WHERE waybill = $1 AND ($2::int IS NULL OR cp_id = $2)
      ORDER BY cp_id`,
    [waybill, cpId ?? null],
  );
  const result: { head: ShipmentHead; scans: Scan[] }[] = [];
  for (const row of rows) {
    if (!withScans) {
      result.push({ head: headOfRow(row), scans: [] });
      continue;
    }
    const scans = await db.query<ScanDbRow>(
      `SELECT ${SCAN_COLUMNS} FROM ${tables.shipmentScans} WHERE waybill = $1 AND cp_id = $2`,
      [row.waybill, row.cp_id],
    );
    result.push({ head: headOfRow(row), scans: scans.rows.map(scanOfRow) });
  }
  return result;
}
