import { inTransaction, type Pool } from '@shipfold/db';

/**
 * Checkpoints of polling streams in PostgreSQL (table poller_checkpoints). A cycle runs while holding
 * its stream's row, so concurrent pollers take turns instead of polling the same windows, and the
 * position moves only when the cycle's work (polling and Kafka's acknowledgement) succeeded.
 */

export type CycleOutcome<T> = { kind: 'locked' } | { kind: 'done'; value: T };

export interface CycleResult<T> {
  /** The new position, or null to leave the checkpoint where it is. */
  advanceTo: number | null;
  value: T;
}

export interface CheckpointStore {
  /** The stored position, or null when the stream never ran. */
  position(stream: string): Promise<number | null>;
  /**
   * Runs `cycle` with the stream's position (created as `initialMs` if missing), holding the row;
   * `locked` when another poller holds it.
   */
  withCheckpoint<T>(
    stream: string,
    initialMs: () => number,
    cycle: (positionMs: number) => Promise<CycleResult<T>>,
  ): Promise<CycleOutcome<T>>;
}

export function pgCheckpointStore(pool: Pool): CheckpointStore {
  return {
    async position(stream) {
      const { rows } = await pool.query<{ ms: string }>(
        'SELECT (extract(epoch FROM position) * 1000)::bigint AS ms FROM poller_checkpoints WHERE stream = $1',
        [stream],
      );
      return rows[0] ? Number(rows[0].ms) : null;
    },

    async withCheckpoint(stream, initialMs, cycle) {
      await pool.query(
        `INSERT INTO poller_checkpoints (stream, position) VALUES ($1, to_timestamp($2 / 1000.0))
         ON CONFLICT (stream) DO NOTHING`,
        [stream, initialMs()],
      );
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ ms: string }>(
          `SELECT (extract(epoch FROM position) * 1000)::bigint AS ms FROM poller_checkpoints
           WHERE stream = $1 FOR UPDATE SKIP LOCKED`,
          [stream],
        );
        const row = rows[0];
        if (row === undefined) return { kind: 'locked' } as const;
        const result = await cycle(Number(row.ms));
        if (result.advanceTo !== null) {
          // Never backwards, whatever a caller computes.
          await client.query(
            `UPDATE poller_checkpoints SET position = greatest(position, to_timestamp($2 / 1000.0)), updated_at = now()
             WHERE stream = $1`,
            [stream, result.advanceTo],
          );
        }
        return { kind: 'done', value: result.value } as const;
      });
    },
  };
}
