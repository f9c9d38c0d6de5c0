import { LIVE_SCHEMA, type Queryable, type Tables, tablesIn } from '@shipfold/projections';
import type { ObservedReturn, ObservedShipment } from './truth-check';

/**
 * Every aggregate the projector instances wrote, read back whole from the projections' live tables for
 * the checks (a bulk read the API does not offer), in the shapes the truth check compares.
 */

export interface StoredAggregates {
  shipments: ObservedShipment[];
  returns: ObservedReturn[];
  /**
   * The DLQ table, one entry per rejected record: its delivery id and the SHA-256 of the body it
   * holds. The body says which delivery it was: a sender's try answered 503 may still have been
   * written, so a delivery can be in the DLQ under an id its sender never heard of.
   */
  deadLettered: { deliveryId: string; contentSha256: string }[];
}

export async function readStoredAggregates(
  db: Queryable,
  tables: Tables = tablesIn(LIVE_SCHEMA),
): Promise<StoredAggregates> {
  const shipments = await db.query<{
    waybill: string;
    cp_id: number;
    status_code: number;
    is_terminal: boolean;
    is_rvp: boolean;
    forward_awb: string | null;
    ndr_code: number | null;
  }>(
    `SELECT waybill, cp_id, status_code, is_terminal, is_rvp, forward_awb, ndr_code FROM ${tables.shipments}`,
  );
  const scans = await db.query<{
    waybill: string;
    cp_id: number;
    status_code: number;
    status: string;
    location: string | null;
    occurred_at: Date;
  }>(`SELECT waybill, cp_id, status_code, status, location, occurred_at FROM ${tables.shipmentScans}`);
  const scansOf = new Map<string, ObservedShipment['scans']>();
  for (const scan of scans.rows) {
    const key = `${scan.cp_id}:${scan.waybill}`;
    const list = scansOf.get(key) ?? [];
    list.push({
      statusCode: scan.status_code,
      status: scan.status,
      location: scan.location,
      occurredAt: scan.occurred_at.toISOString(),
    });
    scansOf.set(key, list);
  }
  const orders = await db.query<{
    id: string;
    return_reference: string | null;
    forward_awb: string | null;
    forward_reference: string | null;
    return_awb: string | null;
    cp_id: number | null;
  }>(
    `SELECT id, return_reference, forward_awb, forward_reference, return_awb, cp_id FROM ${tables.returnOrders}`,
  );
  const items = await db.query<{
    return_id: string;
    sku: string;
    quantity: number;
    qc_status: string | null;
  }>(`SELECT return_id, sku, quantity, qc_status FROM ${tables.returnItems}`);
  const itemsOf = new Map<string, ObservedReturn['items']>();
  for (const item of items.rows) {
    const list = itemsOf.get(item.return_id) ?? [];
    list.push({ sku: item.sku, quantity: item.quantity, qcStatus: item.qc_status });
    itemsOf.set(item.return_id, list);
  }
  const dlq = await db.query<{ delivery_id: string; envelope: string }>(
    `SELECT delivery_id, envelope FROM ${tables.dlqRecords}`,
  );
  return {
    shipments: shipments.rows.map((row) => ({
      waybill: row.waybill,
      cpId: row.cp_id,
      currentStatusCode: row.status_code,
      isTerminal: row.is_terminal,
      isRvp: row.is_rvp,
      forwardAwb: row.forward_awb,
      ndr: row.ndr_code === null ? null : { code: row.ndr_code },
      scans: scansOf.get(`${row.cp_id}:${row.waybill}`) ?? [],
    })),
    returns: orders.rows.map((row) => ({
      returnReference: row.return_reference,
      forwardAwb: row.forward_awb,
      forwardReference: row.forward_reference,
      returnAwb: row.return_awb,
      cpId: row.cp_id,
      items: itemsOf.get(row.id) ?? [],
    })),
    deadLettered: dlq.rows.map((row) => ({
      deliveryId: row.delivery_id,
      contentSha256: (JSON.parse(row.envelope) as { contentSha256: string }).contentSha256,
    })),
  };
}

/** Event ids of every stored scan and return fact: a delivery whose events are all here was applied. */
export async function readStoredEventIds(
  db: Queryable,
  tables: Tables = tablesIn(LIVE_SCHEMA),
): Promise<Set<string>> {
  const { rows } = await db.query<{ event_id: string }>(
    `SELECT event_id FROM ${tables.shipmentScans} UNION ALL SELECT event_id FROM ${tables.returnFacts}`,
  );
  return new Set(rows.map((row) => row.event_id));
}
