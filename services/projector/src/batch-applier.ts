import type { Pool, PoolClient } from 'pg';
import type { DecodedRecord, TopicKind } from './decode';
import type { ProjectorMetrics } from './metrics';
import { advancePositions, claimPositions, NEVER_APPLIED } from './positions';
import { countRefusal, type Projection, type ProjectionReport, type UsableRecord } from './projection';
import type { Tables } from './sql';

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
  reports: Map<Projection, ProjectionReport>;
}

/**
 * Applies one consumed batch to every projection fed by its topic, in ONE transaction together with
 * the projections' positions. The stored positions, not Kafka's, say where each projection stands:
 * records below a projection's position are skipped (already applied), and a batch that starts
 * beyond it (records missing in between) is not applied at all — the consumer is told to seek back.
 * So a crash anywhere, a rebalance, or a rebuild that switches tables over, neither loses nor
 * double-applies a record. Metrics are counted only for committed transactions.
 */
export function createBatchApplier(options: BatchApplierOptions) {
  const { pool, tables, metrics, warn } = options;
  const maxAttempts = options.maxAttempts ?? 5;

  async function attempt(client: PoolClient, batch: Batch): Promise<Attempt> {
    const reports = new Map<Projection, ProjectionReport>();
    const projections = options.projections.filter((projection) => projection.kinds.includes(batch.kind));
    const first = batch.records[0]?.offset;
    const last = batch.records.at(-1)?.offset;
    if (projections.length === 0 || first === undefined || last === undefined) {
      return { outcome: { action: 'continue' }, reports };
    }

    const stored = await claimPositions(
      client,
      tables,
      projections.map((projection) => projection.name),
      batch.topic,
      batch.partition,
    );
    let expected = await expectedOffsets(stored, batch);
    let lowest = min(expected.values());
    if (first > lowest) {
      // Records between the stored position and this batch: retention may have deleted them.
      const start = await options.logStartOffset(batch.topic, batch.partition);
      if (start > lowest) {
        warn(
          { topic: batch.topic, partition: batch.partition, from: String(lowest), to: String(start) },
          'records deleted by retention before they were projected',
        );
        expected = new Map([...expected].map(([name, offset]) => [name, larger(offset, start)]));
        lowest = min(expected.values());
      }
      if (first > lowest) return { outcome: { action: 'seek', offset: lowest }, reports };
    }
    if (lowest > last + 1n) return { outcome: { action: 'seek', offset: lowest }, reports };

    const next = new Map<string, bigint>();
    for (const projection of projections) {
      const from = expected.get(projection.name) ?? first;
      next.set(projection.name, larger(from, last + 1n));
      const unseen = batch.records.filter((record) => record.offset >= from);
      if (unseen.length === 0) continue;
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
      reports.set(projection, report);
    }
    await advancePositions(client, tables, batch.topic, batch.partition, next);
    return { outcome: { action: 'continue' }, reports };
  }

  async function expectedOffsets(stored: Map<string, bigint>, batch: Batch): Promise<Map<string, bigint>> {
    const expected = new Map<string, bigint>();
    for (const [name, offset] of stored) {
      expected.set(
        name,
        offset === NEVER_APPLIED ? await options.logStartOffset(batch.topic, batch.partition) : offset,
      );
    }
    return expected;
  }

  function countCommitted(batch: Batch, reports: Map<Projection, ProjectionReport>, started: bigint): void {
    metrics.batchSeconds.observe({ topic_kind: batch.kind }, Number(process.hrtime.bigint() - started) / 1e9);
    const now = Date.now();
    for (const [projection, report] of reports) {
      const labels = { projection: projection.name };
      metrics.applied.inc(labels, report.applied);
      metrics.duplicates.inc(labels, report.duplicates);
      metrics.outOfOrder.inc(labels, report.outOfOrder);
      for (const [reason, count] of report.refused) metrics.refused.inc({ ...labels, reason }, count);
      // Lag from ingress receipt to this commit, for the events of the projection's own topic.
      if (batch.kind === 'dlq' || projection.kinds[0] !== batch.kind) continue;
      const lag = metrics.lagSeconds.labels(labels);
      for (const record of batch.records) {
        if (!record.ok) continue;
        const receivedAt = Date.parse(String((record.value as { receivedAt?: unknown }).receivedAt));
        if (!Number.isNaN(receivedAt)) lag.observe((now - receivedAt) / 1000);
      }
    }
  }

  return {
    async apply(batch: Batch): Promise<BatchOutcome> {
      for (let attemptNumber = 1; ; attemptNumber++) {
        const started = process.hrtime.bigint();
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const { outcome, reports } = await attempt(client, batch);
          await client.query(reports.size > 0 ? 'COMMIT' : 'ROLLBACK');
          if (reports.size > 0) countCommitted(batch, reports, started);
          return outcome;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          const reason = retryReason(error);
          if (reason === undefined || attemptNumber >= maxAttempts) throw error;
          metrics.batchRetries.inc({ reason });
          warn(
            { topic: batch.topic, partition: batch.partition, reason, attempt: attemptNumber },
            'retrying the batch',
          );
          await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** attemptNumber * Math.random()));
        } finally {
          client.release();
        }
      }
    },
  };
}

function retryReason(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? RETRYABLE.get(code) : undefined;
}

/** Math.max does not take bigints. */
const larger = (a: bigint, b: bigint): bigint => (a > b ? a : b);

const min = (values: Iterable<bigint>): bigint => {
  let lowest: bigint | undefined;
  for (const value of values) if (lowest === undefined || value < lowest) lowest = value;
  if (lowest === undefined) throw new Error('no positions');
  return lowest;
};
