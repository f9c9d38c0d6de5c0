import type { Queryable } from './queryable';
import type { Tables } from './tables';

/** Stored next offset of a projection on one partition; -1: nothing applied yet (start at the log start). */
export const NEVER_APPLIED = -1n;

/**
 * Reads the positions of the projections on one partition and locks their rows for this
 * transaction (missing rows are created as NEVER_APPLIED first), so two transactions applying the
 * same partition — two instances during a rebalance, a rebuild switching over — serialize, and the
 * second sees what the first committed.
 */
export async function claimPositions(
  db: Queryable,
  tables: Tables,
  projections: readonly string[],
  topic: string,
  partition: number,
): Promise<Map<string, bigint>> {
  const { rows } = await db.query<{ projection: string; next_offset: string }>(
    `INSERT INTO ${tables.positions} AS p (projection, topic, partition, next_offset)
      SELECT name, $2, $3, -1 FROM unnest($1::text[]) AS name
      ON CONFLICT (projection, topic, partition) DO UPDATE SET next_offset = p.next_offset
      RETURNING projection, next_offset`,
    [projections, topic, partition],
  );
  return new Map(rows.map((row) => [row.projection, BigInt(row.next_offset)]));
}

export async function advancePositions(
  db: Queryable,
  tables: Tables,
  topic: string,
  partition: number,
  nextOffsets: ReadonlyMap<string, bigint>,
): Promise<void> {
  await db.query(
    `UPDATE ${tables.positions} AS p SET next_offset = n.next_offset, updated_at = now()
       FROM unnest($3::text[], $4::bigint[]) AS n(projection, next_offset)
      WHERE p.projection = n.projection AND p.topic = $1 AND p.partition = $2`,
    [topic, partition, [...nextOffsets.keys()], [...nextOffsets.values()].map(String)],
  );
}

export interface StoredPosition {
  projection: string;
  topic: string;
  partition: number;
  nextOffset: bigint;
}

export async function readPositions(db: Queryable, tables: Tables): Promise<StoredPosition[]> {
  const { rows } = await db.query<{
    projection: string;
    topic: string;
    partition: number;
    next_offset: string;
  }>(`SELECT projection, topic, partition, next_offset FROM ${tables.positions} ORDER BY 1, 2, 3`);
  return rows.map((row) => ({
    projection: row.projection,
    topic: row.topic,
    partition: row.partition,
    nextOffset: BigInt(row.next_offset),
  }));
}
