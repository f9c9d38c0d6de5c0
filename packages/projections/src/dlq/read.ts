import type { Queryable } from '../queryable';
import { instantText, type Tables } from '../tables';

export interface Rejection {
  topic: string;
  partition: number;
  offset: string;
  deliveryId: string;
  stage: string;
  reason: string;
  detail: string;
  path: string | null;
  source: string | null;
  receivedAt: string | null;
  rejectedAt: string | null;
  /** The original envelope, as JSON text. */
  envelope: string;
}

/** The most recent rejections first, optionally of one reason or source. */
export async function readRejections(
  db: Queryable,
  tables: Tables,
  filter: { limit: number; reason?: string; source?: string },
): Promise<Rejection[]> {
  const { rows } = await db.query<{
    topic: string;
    partition: number;
    offset: string;
    delivery_id: string;
    stage: string;
    reason: string;
    detail: string;
    path: string | null;
    source: string | null;
    received_at: string | null;
    rejected_at: string | null;
    envelope: string;
  }>(
    `SELECT topic, partition, "offset"::text AS offset, delivery_id, stage, reason, detail, path, source,
        ${instantText('received_at')} AS received_at, ${instantText('rejected_at')} AS rejected_at, envelope
      FROM ${tables.dlqRecords}
      WHERE ($1::text IS NULL OR reason = $1) AND ($2::text IS NULL OR source = $2)
      ORDER BY rejected_at DESC NULLS LAST, topic, partition, "offset" DESC
      LIMIT $3`,
    [filter.reason ?? null, filter.source ?? null, filter.limit],
  );
  return rows.map((row) => ({
    topic: row.topic,
    partition: row.partition,
    offset: row.offset,
    deliveryId: row.delivery_id,
    stage: row.stage,
    reason: row.reason,
    detail: row.detail,
    path: row.path,
    source: row.source,
    receivedAt: row.received_at,
    rejectedAt: row.rejected_at,
    envelope: row.envelope,
  }));
}
