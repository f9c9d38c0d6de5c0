import {
  advancePositions,
  claimPositions,
  countRefusal,
  type DecodedRecord,
  NEVER_APPLIED,
  type Projection,
  type ProjectionReport,
  type Tables,
  type TopicKind,
  type UsableRecord,
} from '@shipfold/projections';
import type { Pool, PoolClient } from 'pg';
import type { ProjectorMetrics } from './metrics';

export interface BatchApplierOptions {
  pool: Pool;
  tables: Tables;
  projections: readonly Projection[];
  metrics: ProjectorMetrics;
  /** The first offset still in the partition (for projections that never applied it). */
  logStartOffset(topic: string, partition: number): Promise<bigint>;
  warn(details: Record<string, unknown>, message: string): void;
  /** Attempts per batch when a transaction must be retried (deadlock, concurrent insert of a key). */
  maxAttempts?: number;
}

export interface Batch {
  topic: string;
  kind: TopicKind;
  partition: number;
  /** Decoded records in offset order. */
  records: readonly DecodedRecord[];
}

/** What the consumer must do next on the partition. */
export type BatchOutcome = { action: 'continue' } | { action: 'seek'; offset: bigint };

/** SQLSTATEs after which the same transaction, run again, may well succeed. */
const RETRYABLE = new Map([
  ['40001', 'serialization-failure'],
  ['40P01', 'deadlock'],
  ['23505', 'unique-violation'],
]);

interface Attempt {
  outcome: BatchOutcome;
  /** Undefined when nothing was applied (the transaction is rolled back). */
  report?: ProjectionReport;
}

const CONTINUE: BatchOutcome = { action: 'continue' };

/**
 * Applies one consumed batch to each projection fed by its topic, each in ONE transaction together
 * with that projection's position. The stored positions, not Kafka's, say where each projection
 * stands: records below a projection's position are skipped (already applied), and a batch that
 * starts beyond it (records missing in between) is not applied at all — the consumer is told to
 * seek back. So a crash anywhere, a rebalance, or a rebuild that switches tables over, neither
 * loses nor double-applies a record. Metrics are counted only for committed transactions.
 *
 * The projections of one batch commit separately and at the same time (on their own connections):
 * a short return transaction then never waits behind the long shipment one of the same batch, whose
 * row locks it does not need, and PostgreSQL works on both while this process prepares the next.
 */
export interface BatchApplier {
  apply(batch: Batch): Promise<BatchOutcome>;
}

export function createBatchApplier(options: BatchApplierOptions): BatchApplier {
  const { pool, tables, metrics, warn } = options;
  const maxAttempts = options.maxAttempts ?? 5;

  async function attempt(client: PoolClient, projection: Projection, batch: Batch): Promise<Attempt> {
    const first = batch.records[0]?.offset;
    const last = batch.records.at(-1)?.offset;
    if (first === undefined || last === undefined) return { outcome: CONTINUE };

    const stored = await claimPositions(client, tables, [projection.name], batch.topic, batch.partition);
    let from = await expectedOffset(stored.get(projection.name) ?? NEVER_APPLIED, batch);
    if (first > from) {
      // Records between the stored position and this batch: retention may have deleted them.
      const start = await options.logStartOffset(batch.topic, batch.partition);
      if (start > from) {
        warn(
          {
            projection: projection.name,
            topic: batch.topic,
            partition: batch.partition,
            from: String(from),
            to: String(start),
          },
          'records deleted by retention before they were projected',
        );
        from = start;
      }
      if (first > from) return { outcome: { action: 'seek', offset: from } };
    }
    if (from > last + 1n) return { outcome: { action: 'seek', offset: from } };

    const unseen = batch.records.filter((record) => record.offset >= from);
    if (unseen.length === 0) return { outcome: CONTINUE };
    const usable: UsableRecord[] = [];
    const undecodable: string[] = [];
    for (const record of unseen) {
      if (record.ok) usable.push(record);
      else {
        undecodable.push(record.reason);
        warn(
          { topic: batch.topic, partition: batch.partition, offset: String(record.offset) },
          record.detail,
        );
      }
    }
    const report = await projection.apply(
      { db: client, tables, topic: batch.topic, partition: batch.partition, warn },
      batch.kind,
      usable,
    );
    for (const reason of undecodable) countRefusal(report, reason);
    await advancePositions(
      client,
      tables,
      batch.topic,
      batch.partition,
      new Map([[projection.name, last + 1n]]),
    );
    return { outcome: CONTINUE, report };
  }

  async function expectedOffset(stored: bigint, batch: Batch): Promise<bigint> {
    return stored === NEVER_APPLIED ? await options.logStartOffset(batch.topic, batch.partition) : stored;
  }

  function countCommitted(
    batch: Batch,
    projection: Projection,
    report: ProjectionReport,
    started: bigint,
  ): void {
    const labels = { projection: projection.name };
    metrics.batchSeconds.observe(
      { ...labels, topic_kind: batch.kind },
      Number(process.hrtime.bigint() - started) / 1e9,
    );
    metrics.applied.inc(labels, report.applied);
    metrics.duplicates.inc(labels, report.duplicates);
    metrics.outOfOrder.inc(labels, report.outOfOrder);
    for (const [reason, count] of report.refused) metrics.refused.inc({ ...labels, reason }, count);
    // Lag from ingress receipt to this commit, for the events of the projection's own topic.
    if (batch.kind === 'dlq' || projection.kinds[0] !== batch.kind) return;
    const now = Date.now();
    const lag = metrics.lagSeconds.labels(labels);
    for (const record of batch.records) {
      if (!record.ok) continue;
      const receivedAt = Date.parse(String((record.value as { receivedAt?: unknown }).receivedAt));
      if (!Number.isNaN(receivedAt)) lag.observe((now - receivedAt) / 1000);
    }
  }

  async function applyTo(projection: Projection, batch: Batch): Promise<BatchOutcome> {
    for (let attemptNumber = 1; ; attemptNumber++) {
      const started = process.hrtime.bigint();
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { outcome, report } = await attempt(client, projection, batch);
        await client.query(report ? 'COMMIT' : 'ROLLBACK');
        if (report) countCommitted(batch, projection, report, started);
        return outcome;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const reason = retryReason(error);
        if (reason === undefined || attemptNumber >= maxAttempts) throw error;
        metrics.batchRetries.inc({ reason });
        warn(
          {
            projection: projection.name,
            topic: batch.topic,
            partition: batch.partition,
            reason,
            attempt: attemptNumber,
          },
          'retrying the batch',
        );
        await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attemptNumber * Math.random()));
      } finally {
        client.release();
      }
    }
  }

  return {
    async apply(batch: Batch): Promise<BatchOutcome> {
      const projections = options.projections.filter((projection) => projection.kinds.includes(batch.kind));
      // Every projection's transaction ends before the batch is done, failed or not: the consumer
      // retries a failed batch, and must not do so while a sibling transaction still runs.
      const settled = await Promise.allSettled(projections.map((projection) => applyTo(projection, batch)));
      const failure = settled.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
      const seeks = settled.flatMap((result) =>
        result.status === 'fulfilled' && result.value.action === 'seek' ? [result.value.offset] : [],
      );
      return seeks.length > 0 ? { action: 'seek', offset: min(seeks) } : CONTINUE;
    },
  };
}

function retryReason(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? RETRYABLE.get(code) : undefined;
}

const min = (values: Iterable<bigint>): bigint => {
  let lowest: bigint | undefined;
  for (const value of values) if (lowest === undefined || value < lowest) lowest = value;
  if (lowest === undefined) throw new Error('no positions');
  return lowest;
};
