import type { Source } from '@shipfold/contracts';
import type { ReturnAttributes, ReturnOrder } from '@shipfold/domain';
import type { Queryable } from '../queryable';
import { instantText, type Tables } from '../tables';

/** The read side of return_orders / return_items: a return by id, and returns by one of their links. */

interface OrderRow {
  id: string;
  platform: 'clickpost' | 'redo';
  return_reference: string | null;
  return_awb: string | null;
  cp_id: number | null;
  forward_awb: string | null;
  forward_reference: string | null;
  forward_order_id: string | null;
  status: string | null;
  status_code: number | null;
  refund_mode: string | null;
  self_shipped: boolean | null;
  channels: Source[];
  event_ids: string[];
  first_seen_at: string;
  last_seen_at: string;
}

const ORDER_COLUMNS = `id, platform, return_reference, return_awb, cp_id, forward_awb, forward_reference,
  forward_order_id, status, status_code, refund_mode, self_shipped, channels, event_ids,
  ${instantText('first_seen_at')} AS first_seen_at, ${instantText('last_seen_at')} AS last_seen_at`;

export interface ReturnRecord extends ReturnAttributes {
  id: string;
  items: ReturnOrder['items'];
  channels: Source[];
  eventIds: string[];
  firstSeenAt: string;
  lastSeenAt: string;
}

async function withItems(db: Queryable, tables: Tables, rows: OrderRow[]): Promise<ReturnRecord[]> {
  if (rows.length === 0) return [];
  const { rows: itemRows } = await db.query<{
    return_id: string;
    sku: string;
    quantity: number;
    reason: string | null;
    refund_mode: string | null;
    qc_status: string | null;
    qc_reason: string | null;
    status: string | null;
  }>(
    `SELECT return_id, sku, quantity, reason, refund_mode, qc_status, qc_reason, status FROM ${tables.returnItems}
      WHERE return_id = ANY($1::text[]) ORDER BY return_id, sku COLLATE "C"`,
    [rows.map((row) => row.id)],
  );
  return rows.map((row) => ({
    id: row.id,
    platform: row.platform,
    returnReference: row.return_reference,
    returnAwb: row.return_awb,
    cpId: row.cp_id,
    forwardAwb: row.forward_awb,
    forwardReference: row.forward_reference,
    forwardOrderId: row.forward_order_id,
    status: row.status,
    statusCode: row.status_code,
    refundMode: row.refund_mode,
    selfShipped: row.self_shipped,
    items: itemRows
      .filter((item) => item.return_id === row.id)
      .map((item) => ({
        sku: item.sku,
        quantity: item.quantity,
        reason: item.reason,
        refundMode: item.refund_mode,
        qcStatus: item.qc_status,
        qcReason: item.qc_reason,
        status: item.status,
      })),
    channels: row.channels,
    eventIds: row.event_ids,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
  }));
}

/** A return by its id, or by any identity key that names exactly one return (an old provisional id, `awb:…`). */
export async function readReturn(db: Queryable, tables: Tables, id: string): Promise<ReturnRecord | null> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM ${tables.returnOrders}
      WHERE id = (SELECT coalesce(
        (SELECT id FROM ${tables.returnOrders} WHERE id = $1),
        (SELECT return_id FROM ${tables.returnKeys} WHERE key = $1)))`,
    [id],
  );
  const [found] = await withItems(db, tables, rows);
  return found ?? null;
}

export type ReturnLookup =
  | { forwardAwb: string }
  | { forwardReference: string }
  | { returnReference: string };

/** Returns by a link, oldest first (at most `limit`). */
export async function findReturns(
  db: Queryable,
  tables: Tables,
  lookup: ReturnLookup,
  limit: number,
): Promise<ReturnRecord[]> {
  const [column, value] =
    'forwardAwb' in lookup
      ? ['forward_awb', lookup.forwardAwb]
      : 'forwardReference' in lookup
        ? ['forward_reference', lookup.forwardReference]
        : ['return_reference', lookup.returnReference];
  const { rows } = await db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM ${tables.returnOrders} WHERE ${column} = $1
      ORDER BY first_seen_at, id COLLATE "C" LIMIT $2`,
    [value, limit],
  );
  return withItems(db, tables, rows);
}
