import { isTerminalStatus, type Scan, type ShipmentHead, type Stamped } from '@shipfold/domain';
import type { StagedValue, StagingColumn } from '../staging';
import { instantText } from '../tables';

/**
 * shipments / shipment_scans rows <-> the shipment fold (@shipfold/domain, shipment.ts): the column
 * lists, and a head or scan as a row and back. The write path (write.ts) and the reads (read.ts)
 * share them.
 */

/** Columns of the current status, taken together from whichever observation wins. */
export const CURRENT = [
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
/** A "latest by event time" register stored as value column(s) + `<name>_at`. */
export interface Register {
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

export const REGISTERS: Register[] = [
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

/** Every column of a head row with its SQL type, in one order for JSON input and for reads. */
export const HEAD_COLUMNS: [string, string][] = [
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

export const NAMES = HEAD_COLUMNS.map(([name]) => name).join(', ');
export const READ_COLUMNS = HEAD_COLUMNS.map(([name, type]) =>
  type === 'timestamptz' ? `${instantText(name)} AS ${name}` : name,
).join(', ');

export type HeadRow = Record<string, StagedValue>;

/** A head as a row of named columns (see HEAD_COLUMNS). */
export function rowOfHead(head: ShipmentHead): HeadRow {
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

export function headOfRow(row: HeadRow): ShipmentHead {
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

/** shipment_scans' columns, in the order of the staged rows. */
export const SCAN_INPUT_COLUMNS: StagingColumn[] = [
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

export const SCAN_NAMES = SCAN_INPUT_COLUMNS.map(([name]) => name).join(', ');

export const SCAN_COLUMNS = `event_id, status_code, status, description, bucket, bucket_description, location, remark,
  ${instantText('occurred_at')} AS occurred_at, fingerprint`;

export interface ScanDbRow {
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

export const scanOfRow = (row: ScanDbRow): Scan => ({
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
