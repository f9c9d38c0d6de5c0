import { randomBytes } from 'node:crypto';
import type { TopicNames } from '@shipfold/contracts';
import type { Kafka, KafkaLog } from '@shipfold/kafka';
import {
  LIVE_SCHEMA,
  type PartitionProgress,
  POSITIONS_TABLE,
  type Projection,
  projectionProgress,
  quoteIdentifier,
  tablesIn,
} from '@shipfold/projections';
import type { Pool, PoolClient } from 'pg';
import { Registry } from 'prom-client';
import { createProjectorMetrics } from './metrics';
import { createProjectionConsumer } from './projection-consumer';

export interface RebuildOptions {
  kafka: Kafka;
  decode: (buffer: Buffer) => unknown | Promise<unknown>;
  pool: Pool;
  names: TopicNames;
  projections: readonly Projection[];
  groupIdPrefix: string;
  partitionsConcurrently?: number;
  maxBytesPerPartition?: number;
  log: KafkaLog;
  /** Called as the replay advances: records applied and to apply (summed over projections and partitions). */
  onProgress?(done: bigint, total: bigint): void;
  /** Called when the replay caught up and the switch-over starts. */
  onSwitching?(): void;
  /** How long the switch-over may hold the live projector while the replay closes the last gap. */
  switchTimeoutMs?: number;
}

export interface RebuildResult {
  /** Records applied by the replay (summed over projections). */
  records: bigint;
  seconds: number;
}

const POLL_MS = 200;

/**
 * Rebuilds projections from the event topics without a window of empty or partial reads:
 *   1. creates empty copies of their tables (same columns, constraints and index names) in a scratch
 *      schema, with their own positions table;
 *   2. replays the topics from the start into them with the same projection code (a consumer group
 *      of its own), until they reach the topics' ends as of the start;
 *   3. switches over in ONE transaction: lock the live positions (the live projector's next commit
 *      waits), let the replay reach the live positions, stop it, drop the live tables, move the
 *      rebuilt ones into place, and install the rebuilt positions. Readers wait on the table locks
 *      for the moment the transaction takes and then read the rebuilt tables; the live projector
 *      resumes from the rebuilt positions (its stored-position fence seeks as needed).
 */
export async function rebuild(options: RebuildOptions): Promise<RebuildResult> {
  const started = process.hrtime.bigint();
  const { pool, names, projections, log } = options;
  const schema = `rebuild_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${randomBytes(3).toString('hex')}`;
  const tables = projections.flatMap((projection) => projection.tables);
  await createScratchTables(pool, schema, [...tables, POSITIONS_TABLE]);
  log.info({ schema, tables }, 'rebuilding into a scratch schema');

  // A replay consumer that kafkajs will not restart fails the rebuild (checked while waiting for it).
  let replayFailed: unknown;
  const projector = createProjectionConsumer({
    kafka: options.kafka,
    decode: options.decode,
    pool,
    names,
    tables: tablesIn(schema),
    projections,
    metrics: createProjectorMetrics(new Registry()),
    groupId: `${options.groupIdPrefix}.rebuild.${schema}`,
    log,
    onFatal: (error) => {
      replayFailed = error;
    },
    ...(options.partitionsConcurrently ? { partitionsConcurrently: options.partitionsConcurrently } : {}),
    ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition } : {}),
  });
  const admin = options.kafka.admin();
  await admin.connect();
  let projectorStopped = false;
  const stopProjector = async () => {
    if (projectorStopped) return;
    projectorStopped = true;
    await projector.stop();
  };
  try {
    const progressOf = () => projectionProgress(admin, pool, tablesIn(schema), names, projections);
    const targets = new Map((await progressOf()).map((entry) => [positionKey(entry), entry.high]));
    const total = sum(
      await progressOf(),
      (entry) => (targets.get(positionKey(entry)) ?? entry.high) - entry.low,
    );
    await projector.start();
    let done = 0n;
    for (;;) {
      const progress = await progressOf();
      done = sum(
        progress,
        (entry) => min(entry.position, targets.get(positionKey(entry)) ?? entry.high) - entry.low,
      );
      options.onProgress?.(done, total);
      if (progress.every((entry) => entry.position >= (targets.get(positionKey(entry)) ?? entry.high))) break;
      if (replayFailed !== undefined) throw replayFailed;
      await sleep(POLL_MS);
    }

    options.onSwitching?.();
    await switchOver(options, schema, tables, stopProjector);
    return { records: done, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } catch (error) {
    await stopProjector().catch(() => undefined);
    await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`).catch(() => undefined);
    throw error;
  } finally {
    await stopProjector().catch(() => undefined);
    await admin.disconnect();
  }
}

/**
 * Empty copies of live tables in a new schema: columns, defaults, NOT NULL and CHECK constraints
 * (LIKE … INCLUDING ALL EXCLUDING INDEXES), then the primary key / unique constraints and indexes
 * under their live names, so the moved tables are indistinguishable from migrated ones.
 */
async function createScratchTables(pool: Pool, schema: string, tables: readonly string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    for (const table of tables) {
      const live = `${quoteIdentifier(LIVE_SCHEMA)}.${quoteIdentifier(table)}`;
      const copy = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
      await client.query(`CREATE TABLE ${copy} (LIKE ${live} INCLUDING ALL EXCLUDING INDEXES)`);
      const constraints = await client.query<{ name: string; definition: string }>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
          WHERE conrelid = $1::regclass AND contype IN ('p', 'u') ORDER BY conname`,
        [live],
      );
      for (const { name, definition } of constraints.rows) {
        await client.query(`ALTER TABLE ${copy} ADD CONSTRAINT ${quoteIdentifier(name)} ${definition}`);
      }
      const indexes = await client.query<{ definition: string }>(
        `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
          WHERE i.indrelid = $1::regclass
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
        [live],
      );
      for (const { definition } of indexes.rows) {
        // "CREATE INDEX name ON public.table USING …": the same index on the copy.
        await client.query(definition.replace(` ON ${LIVE_SCHEMA}.`, ` ON ${quoteIdentifier(schema)}.`));
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function switchOver(
  options: RebuildOptions,
  schema: string,
  tables: readonly string[],
  stopReplay: () => Promise<void>,
): Promise<void> {
  const { pool, projections, log } = options;
  const names = projections.map((projection) => projection.name);
  const live = tablesIn(LIVE_SCHEMA);
  const scratch = tablesIn(schema);
  const client: PoolClient = await pool.connect();
  try {
    await client.query('BEGIN');
    // The live projector claims its positions first thing in every batch transaction: from here on
    // its next commit waits for this transaction (reads of the positions go on).
    await client.query(`LOCK TABLE ${live.positions} IN EXCLUSIVE MODE`);
    const deadline = Date.now() + (options.switchTimeoutMs ?? 60_000);
    for (;;) {
      const behind = await client.query<{ behind: string }>(
        `SELECT count(*) AS behind FROM ${live.positions} l
          LEFT JOIN ${scratch.positions} r USING (projection, topic, partition)
          WHERE l.projection = ANY($1::text[]) AND l.next_offset >= 0
            AND (r.next_offset IS NULL OR r.next_offset < l.next_offset)`,
        [names],
      );
      if (Number(behind.rows[0]?.behind) === 0) break;
      if (Date.now() > deadline) throw new Error('the replay did not reach the live positions in time');
      await sleep(50);
    }
    await stopReplay();
    for (const table of tables) {
      await client.query(`DROP TABLE ${quoteIdentifier(LIVE_SCHEMA)}.${quoteIdentifier(table)}`);
      await client.query(
        `ALTER TABLE ${quoteIdentifier(schema)}.${quoteIdentifier(table)} SET SCHEMA ${quoteIdentifier(LIVE_SCHEMA)}`,
      );
    }
    await client.query(`DELETE FROM ${live.positions} WHERE projection = ANY($1::text[])`, [names]);
    await client.query(
      `INSERT INTO ${live.positions} (projection, topic, partition, next_offset, updated_at)
        SELECT projection, topic, partition, next_offset, now() FROM ${scratch.positions}`,
    );
    await client.query(`DROP SCHEMA ${quoteIdentifier(schema)} CASCADE`);
    await client.query('COMMIT');
    log.info({ schema, tables }, 'switched over to the rebuilt tables');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const positionKey = (entry: PartitionProgress) =>
  `${entry.projection}\u0000${entry.topic}\u0000${entry.partition}`;
const sum = <T>(items: readonly T[], value: (item: T) => bigint) =>
  items.reduce((total, item) => total + value(item), 0n);
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
