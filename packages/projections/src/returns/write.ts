import type { ComponentPlan, ReturnFact } from '@shipfold/domain';
import type { Queryable } from '../queryable';
import type { Tables } from '../tables';

/**
 * return_facts / return_keys / return_orders / return_items. Facts are stored whole (jsonb: cleaned
 * text, canonical instants), grouped by component; everything else is derived from them and is
 * rewritten per component whenever the component changes.
 */

export interface StoredCopy {
  occurredAt: string;
  fingerprint: string;
}

/** The stored copies (instant and fingerprint) of the given event ids. */
export async function loadStoredCopies(
  db: Queryable,
  tables: Tables,
  eventIds: readonly string[],
): Promise<Map<string, StoredCopy>> {
  if (eventIds.length === 0) return new Map();
  const { rows } = await db.query<{ event_id: string; occurred_at: string; fingerprint: string }>(
    `SELECT event_id, fact->>'occurredAt' AS occurred_at, fingerprint FROM ${tables.returnFacts}
      WHERE event_id = ANY($1::text[])`,
    [eventIds],
  );
  return new Map(
    rows.map((row) => [row.event_id, { occurredAt: row.occurred_at, fingerprint: row.fingerprint }]),
  );
}

export async function componentsOfKeys(
  db: Queryable,
  tables: Tables,
  keys: readonly string[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const { rows } = await db.query<{ component_id: string }>(
    `SELECT DISTINCT component_id FROM ${tables.returnKeys} WHERE key = ANY($1::text[])`,
    [keys],
  );
  return rows.map((row) => row.component_id);
}

/**
 * Locks the key rows of the given components (in key order, so writers cannot deadlock on them) and
 * returns the components the keys belong to now. Writers of a component rewrite all its key rows, so
 * holding them serializes writers of one component; a key new to the table is guarded by its primary
 * key (a concurrent insert of it fails the later transaction, which retries).
 */
export async function lockComponentKeys(
  db: Queryable,
  tables: Tables,
  componentIds: readonly string[],
): Promise<void> {
  if (componentIds.length === 0) return;
  await db.query(
    `SELECT key FROM ${tables.returnKeys} WHERE component_id = ANY($1::text[]) ORDER BY key COLLATE "C" FOR UPDATE`,
    [componentIds],
  );
}

export async function loadComponents(
  db: Queryable,
  tables: Tables,
  componentIds: readonly string[],
): Promise<Map<string, ReturnFact[]>> {
  const components = new Map<string, ReturnFact[]>(componentIds.map((id) => [id, []]));
  if (componentIds.length === 0) return components;
  const { rows } = await db.query<{ component_id: string; fact: ReturnFact }>(
    `SELECT component_id, fact FROM ${tables.returnFacts} WHERE component_id = ANY($1::text[])`,
    [componentIds],
  );
  for (const row of rows) components.get(row.component_id)?.push(row.fact);
  return components;
}

/** Replaces the rows of the planned components (and of the components they absorb): three statements. */
export async function writeComponents(
  db: Queryable,
  tables: Tables,
  plans: readonly ComponentPlan[],
): Promise<void> {
  if (plans.length === 0) return;
  const touched = [...new Set(plans.flatMap((plan) => [plan.id, ...plan.replaces]))];
  await db.query(
    `WITH items AS (DELETE FROM ${tables.returnItems} WHERE component_id = ANY($1::text[])),
      orders AS (DELETE FROM ${tables.returnOrders} WHERE component_id = ANY($1::text[]))
      DELETE FROM ${tables.returnKeys} WHERE component_id = ANY($1::text[])`,
    [touched],
  );

  const facts = plans.flatMap((plan) =>
    plan.changedFacts.map((fact) => ({
      event_id: fact.eventId,
      component_id: plan.id,
      fingerprint: fact.fingerprint,
      fact,
    })),
  );
  await db.query(
    `INSERT INTO ${tables.returnFacts} (event_id, component_id, fingerprint, fact)
      SELECT event_id, component_id, fingerprint, fact
        FROM jsonb_to_recordset($1::jsonb) AS x(event_id text, component_id text, fingerprint text, fact jsonb)
      ON CONFLICT (event_id) DO UPDATE SET component_id = excluded.component_id,
        fingerprint = excluded.fingerprint, fact = excluded.fact`,
    [JSON.stringify(facts)],
  );

  const keys = plans.flatMap((plan) =>
    plan.keys.map((key) => {
      const owners = plan.returns.filter((order) => order.keys.includes(key));
      return { key, component_id: plan.id, return_id: owners.length === 1 ? (owners[0]?.id ?? null) : null };
    }),
  );
  const orders = plans.flatMap((plan) =>
    plan.returns.map((order) => ({
      id: order.id,
      component_id: plan.id,
      platform: order.platform,
      return_reference: order.returnReference,
      return_awb: order.returnAwb,
      cp_id: order.cpId,
      forward_awb: order.forwardAwb,
      forward_reference: order.forwardReference,
      forward_order_id: order.forwardOrderId,
      status: order.status,
      status_code: order.statusCode,
      refund_mode: order.refundMode,
      self_shipped: order.selfShipped,
      channels: order.channels,
      event_ids: order.eventIds,
      first_seen_at: order.firstSeenAt,
      last_seen_at: order.lastSeenAt,
    })),
  );
  const items = plans.flatMap((plan) =>
    plan.returns.flatMap((order) =>
      order.items.map((item) => ({
        return_id: order.id,
        sku: item.sku,
        component_id: plan.id,
        quantity: item.quantity,
        reason: item.reason,
        refund_mode: item.refundMode,
        qc_status: item.qcStatus,
        qc_reason: item.qcReason,
        status: item.status,
      })),
    ),
  );
  await db.query(
    `WITH keys AS (
        INSERT INTO ${tables.returnKeys} (key, component_id, return_id)
        SELECT key, component_id, return_id FROM json_to_recordset($1::json) AS x(key text, component_id text, return_id text)
      ), orders AS (
        INSERT INTO ${tables.returnOrders} (id, component_id, platform, return_reference, return_awb, cp_id,
          forward_awb, forward_reference, forward_order_id, status, status_code, refund_mode, self_shipped,
          channels, event_ids, first_seen_at, last_seen_at)
        SELECT id, component_id, platform, return_reference, return_awb, cp_id, forward_awb, forward_reference,
          forward_order_id, status, status_code, refund_mode, self_shipped,
          ARRAY(SELECT json_array_elements_text(channels)), ARRAY(SELECT json_array_elements_text(event_ids)),
          first_seen_at, last_seen_at
        FROM json_to_recordset($2::json) AS x(id text, component_id text, platform text, return_reference text,
          return_awb text, cp_id int, forward_awb text, forward_reference text, forward_order_id text, status text,
          status_code int, refund_mode text, self_shipped bool, channels json, event_ids json,
          first_seen_at timestamptz, last_seen_at timestamptz)
      )
      INSERT INTO ${tables.returnItems} (return_id, sku, component_id, quantity, reason, refund_mode, qc_status,
        qc_reason, status)
      SELECT return_id, sku, component_id, quantity, reason, refund_mode, qc_status, qc_reason, status
        FROM json_to_recordset($3::json) AS x(return_id text, sku text, component_id text, quantity int,
          reason text, refund_mode text, qc_status text, qc_reason text, status text)`,
    [JSON.stringify(keys), JSON.stringify(orders), JSON.stringify(items)],
  );
}
