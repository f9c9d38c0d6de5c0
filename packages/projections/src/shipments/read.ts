import type { Scan, ShipmentHead } from '@shipfold/domain';
import type { Queryable } from '../queryable';
import type { Tables } from '../tables';
import { type HeadRow, headOfRow, READ_COLUMNS, SCAN_COLUMNS, type ScanDbRow, scanOfRow } from './rows';

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

/**
 * Every shipment the projections know, as (waybill, cp_id, is_terminal, active_at): projected
 * shipments with their last scan, and return pickups (a return's AWB) not projected yet, with no
 * activity. A subquery for the track-order fallback's candidates (@shipfold/tracking-state).
 */
export const trackableShipmentsSql = (tables: Tables): string => `
  SELECT s.waybill, s.cp_id, s.is_terminal, s.last_scan_at AS active_at
  FROM ${tables.shipments} s
  UNION ALL
  SELECT o.return_awb, o.cp_id, false, NULL
  FROM ${tables.returnOrders} o
  WHERE o.return_awb IS NOT NULL AND o.cp_id > 0`;
