/**
 * Projector throughput benchmark (`npm run bench:projector`). In one run, on this machine:
 *   1. preloads the event topics (fresh, random prefix) with >= 200,000 domain events: generated
 *      shipment journeys and multi-channel returns, shuffled, with 5% delivered twice;
 *   2. times the projector, as the service runs it, from an empty database to caught up
 *      (every projection's stored position at the end of every partition), then, untimed, verifies
 *      what it wrote (bench/verify-projection.ts): row counts of every projection table against the
 *      pure fold of the generated history, every column of a deterministic sample of shipments and
 *      returns, no event refused, every delivered event applied once. Anything wrong: the problems
 *      are printed, no figure is, and the run exits with code 1;
 *   3. times a COPY of the same final rows (every table the projector wrote) into equivalent empty
 *      tables: the ceiling of getting those rows into PostgreSQL at all;
 *   4. times one consumer with the projector's settings reading and decoding the same events and
 *      applying nothing: the floor under any projector that reads through kafkajs on this machine;
 * and prints events/s for each and the ratios to the ceiling. Needs Kafka, the schema registry and PostgreSQL
 * (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL; local stack defaults). It creates and removes
 * its own topics and databases. Options: --shipments <n> (default 30000), --partitions <n> (default 6),
 * --sample <n> (default 300: shipments, and returns, compared column by column),
 * --instances <n> (default 1: the projector in this process; n > 1: n projector processes sharing the
 * partitions, timed from their spawn), --runs <n> (default 1: steps 2 to 4 n times over the same
 * preloaded topics, each against a fresh database, then the medians: a busy machine moves single
 * figures by 20% and more; runs after the first reuse this process's optimized code). Run it with
 * the projector's Node flags and environment (PROJECTOR_NODE_FLAGS, projectorProcessEnv), as the
 * npm script does, so the in-process projector runs as the service does; it says so when it is not.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type TopicNames, topicNames, topicSpecs } from '@shipfold/contracts';
import { createPool, dropDatabase, ensureDatabase, migrate } from '@shipfold/db';
import {
  type Admin,
  createCodec,
  createConsumerLoop,
  createKafka,
  createProducer,
  createRegistry,
  ensureTopics,
  type Kafka,
} from '@shipfold/kafka';
import {
  ALL_PROJECTIONS,
  LIVE_SCHEMA,
  type PartitionProgress,
  POSITIONS_TABLE,
  PROJECTION_TABLES,
  projectionProgress,
  readPositions,
  tablesIn,
  topicKinds,
} from '@shipfold/projections';
import {
  createProjectionConsumer,
  createProjectorMetrics,
  createWireDecoder,
  decodeRecords,
  loadProjectorConfig,
  PROJECTOR_NODE_FLAGS,
  type ProjectorEnv,
  projectorConsumerSettings,
  projectorProcessEnv,
} from '@shipfold/projector';
import { freePort, generateHistory, produceEvents, shuffledWithDuplicates } from '@shipfold/test-support';
import type { Pool } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { Registry } from 'prom-client';
import { machineCpu } from './machine-cpu';
import {
  chooseSample,
  counterValues,
  type ExpectedProjection,
  expectedProjection,
  labelValue,
  ProjectionNotVerified,
  type ProjectorCounts,
  projectionProblems,
  readStoredState,
  refuseUnlessVerified,
  type Sample,
} from './verify-projection';

const { values: options } = parseArgs({
  options: {
    shipments: { type: 'string', default: '30000' },
    partitions: { type: 'string', default: '6' },
    instances: { type: 'string', default: '1' },
    runs: { type: 'string', default: '1' },
    sample: { type: 'string', default: '300' },
  },
});
const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REGISTRY = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shipfold';
/** What the ceiling copies: every projected row and the positions. */
const TABLES = [...PROJECTION_TABLES, POSITIONS_TABLE];

/** Longest wait for the projector, or the reading consumer, to reach the topics' ends. */
const WAIT_LIMIT_SECONDS = 600;

const say = (line: string) => process.stdout.write(`${line}\n`);
const quiet = () => undefined;
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

/** What one measurement found (steps 2 to 4). */
interface Figures {
  projectorSeconds: number;
  /** This process's CPU time during the projector run (spawned projectors are not in it). */
  processSeconds: number;
  /** Share of the whole machine's CPU time that was busy during the projector run, if known. */
  machineBusy: number | null;
  /** Projection transactions retried, by reason (in-process projector only). */
  retries: Map<string, number> | null;
  rowCount: number;
  copySeconds: number;
  floorSeconds: number;
}

async function main(): Promise<void> {
  const config = loadProjectorConfig();
  const missingFlags = PROJECTOR_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missingFlags.length > 0 || process.env.GLIBC_TUNABLES === undefined) {
    say(
      'note: not run as the projector service runs (PROJECTOR_NODE_FLAGS, projectorProcessEnv); see package.json',
    );
  }
  const suffix = randomBytes(4).toString('hex');
  const names = topicNames(`bench-${suffix}`);
  const kafka = createKafka({ brokers: BROKERS, clientId: 'bench-projector' });
  const admin = kafka.admin();
  await admin.connect();
  const partitions = Number(options.partitions);
  const runs = Number(options.runs);
  await ensureTopics(kafka, topicSpecs(names, { partitions, replicationFactor: 1 }));
  try {
    // 1. Preload.
    const history = generateHistory({ seed: 1, shipments: Number(options.shipments), returnsEvery: 10 });
    const deliveries = shuffledWithDuplicates(history.events, 2, 0.05);
    const codec = createCodec(createRegistry(REGISTRY), names);
    await codec.register();
    const producer = createProducer(kafka);
    await producer.connect();
    const started = process.hrtime.bigint();
    await produceEvents(producer, codec, names, deliveries);
    await producer.disconnect();
    say(
      `preloaded ${deliveries.length} events (${history.shipments} shipments, ${history.returns} returns, ` +
        `${partitions} partitions per topic) in ${seconds(started).toFixed(1)} s`,
    );
    // What the tables must hold: the pure fold of the same history (untimed).
    const folding = process.hrtime.bigint();
    const expected = expectedProjection(history.events, deliveries);
    const sample = chooseSample(expected, Number(options.sample));
    say(
      `expected:  ${[...expected.rowCounts].map(([table, rows]) => `${table} ${rows}`).join(', ')} ` +
        `(pure fold in ${seconds(folding).toFixed(1)} s)`,
    );

    const measured: Figures[] = [];
    for (let run = 1; run <= runs; run++) {
      if (runs > 1) say(`\nrun ${run} of ${runs}`);
      const figures = await measure(kafka, admin, names, config, `${suffix}_${run}`, { expected, sample });
      report(figures, deliveries.length);
      measured.push(figures);
    }
    if (runs > 1) reportMedians(measured, deliveries.length);
  } catch (error) {
    if (!(error instanceof ProjectionNotVerified)) throw error;
    console.error(`\nREFUSED: ${error.message}`);
    process.exitCode = 1;
  } finally {
    await admin.deleteTopics({ topics: Object.values(names) }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Steps 2 to 4 against a database of their own (named after `id`), removed afterwards. */
async function measure(
  kafka: Kafka,
  admin: Admin,
  names: TopicNames,
  config: ProjectorEnv,
  id: string,
  verification: { expected: ExpectedProjection; sample: Sample },
): Promise<Figures> {
  const url = new URL(SERVER);
  url.pathname = `/shipfold_bench_${id}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  const pool = createPool(databaseUrl, { max: 4, applicationName: 'bench-projector' });
  const groupId = `${names.raw}.bench-${id}`;
  const registry = new Registry();
  const metrics = createProjectorMetrics(registry);
  try {
    // 2. The projector, from empty to caught up.
    const instances = Number(options.instances);
    /** Starts the projector; its stop first reads what its metrics counted (for the verification). */
    const startProjector = async (): Promise<() => Promise<ProjectorCounts>> => {
      if (instances > 1) {
        // Several projector processes, as deployed: they share the partitions through the consumer group.
        const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
        const children: ChildProcess[] = ports.map((port) =>
          spawn(
            process.execPath,
            [...PROJECTOR_NODE_FLAGS, '--import', 'tsx', 'services/projector/src/main.ts'],
            {
              cwd: repoRoot,
              env: {
                ...process.env,
                ...projectorProcessEnv(),
                DATABASE_URL: databaseUrl,
                TOPIC_PREFIX: names.raw.replace(/\.raw\.v1$/, ''),
                PROJECTOR_GROUP_ID: groupId,
                PORT: String(port),
                LOG_LEVEL: 'warn',
              },
              stdio: ['ignore', 'ignore', 'inherit'],
            },
          ),
        );
        return async () => {
          const expositions = await Promise.all(ports.map((port) => scrapeMetrics(port)));
          for (const child of children) child.kill('SIGTERM');
          await Promise.all(
            children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)),
          );
          return countsFromExpositions(expositions);
        };
      }
      const projector = createProjectionConsumer({
        kafka,
        decode: createWireDecoder(createRegistry(REGISTRY)),
        pool,
        names,
        tables: tablesIn(LIVE_SCHEMA),
        projections: ALL_PROJECTIONS,
        metrics,
        groupId,
        log: {
          debug: quiet,
          info: quiet,
          warn: quiet,
          error: (details, message) => console.error(message, details),
        },
        onFatal: (error) => console.error('the projector crashed for good', error),
        // As the service runs it (PROJECTOR_* variables and their defaults).
        partitionsConcurrently: config.PROJECTOR_PARTITIONS_CONCURRENTLY,
        maxBytesPerPartition: config.PROJECTOR_MAX_BYTES_PER_PARTITION,
      });
      await projector.start();
      return async () => {
        await projector.stop();
        return countsFromExpositions([await registry.metrics()]);
      };
    };
    // The topics' ends do not move any more: read them once, then watch only the stored positions.
    const ends = await projectionProgress(admin, pool, tablesIn(LIVE_SCHEMA), names, ALL_PROJECTIONS);
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const machineBefore = await machineCpu();
    const stopProjector = await startProjector();
    for (;;) {
      const positions = await readPositions(pool, tablesIn(LIVE_SCHEMA));
      const caughtUp = ends.every(
        (end) =>
          end.high === end.low ||
          positions.some(
            (position) =>
              position.projection === end.projection &&
              position.topic === end.topic &&
              position.partition === end.partition &&
              position.nextOffset >= end.high,
          ),
      );
      if (caughtUp) break;
      if (seconds(started) > WAIT_LIMIT_SECONDS) {
        throw new Error(`the projector did not catch up within ${WAIT_LIMIT_SECONDS} s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const projectorSeconds = seconds(started);
    const processCpu = process.cpuUsage(cpuBefore);
    const machineAfter = await machineCpu();
    const counts = await stopProjector();

    // Untimed: the tables must be what the pure fold gives, or no figure is reported.
    const verifying = process.hrtime.bigint();
    const stored = await readStoredState(pool, tablesIn(LIVE_SCHEMA), verification.sample);
    refuseUnlessVerified(projectionProblems(verification.expected, stored, counts));
    say(
      `verified:  row counts of ${stored.rowCounts.size} tables equal the pure fold's; ` +
        `${stored.shipments.size} shipments and ${stored.returns.size} returns equal it column by column; ` +
        `0 events refused; ${[...counts.applied].map(([projection, applied]) => `${projection} ${applied}`).join(', ')} ` +
        `applied = delivered (${seconds(verifying).toFixed(1)} s, not timed)`,
    );

    // 3. The ceiling: COPY the same final rows into equivalent tables.
    const { rowCount, copySeconds } = await copyCeiling(pool);

    // 4. The floor under the projector: reading and decoding the same events, projecting nothing.
    const floorSeconds = await readingFloor(kafka, names, ends, config, `${groupId}-reading`);

    return {
      projectorSeconds,
      processSeconds: (processCpu.user + processCpu.system) / 1e6,
      machineBusy:
        machineBefore && machineAfter
          ? (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)
          : null,
      retries:
        instances > 1
          ? null
          : new Map(
              (await metrics.batchRetries.get()).values.map(({ labels, value }) => [
                String(labels.reason),
                value,
              ]),
            ),
      rowCount,
      copySeconds,
      floorSeconds,
    };
  } finally {
    await pool.end();
    await dropDatabase(databaseUrl);
  }
}

function report(figures: Figures, events: number): void {
  const { projectorSeconds, processSeconds, machineBusy, retries, rowCount, copySeconds, floorSeconds } =
    figures;
  const projectorRate = events / projectorSeconds;
  const ceilingRate = events / copySeconds;
  say(
    `projector: ${events} events in ${projectorSeconds.toFixed(2)} s = ${Math.round(projectorRate)} events/s`,
  );
  say(
    `ceiling:   COPY of the same ${rowCount} final rows in ${copySeconds.toFixed(2)} s = ${Math.round(ceilingRate)} events/s equivalent`,
  );
  say(`ratio:     ${(projectorRate / ceilingRate).toFixed(2)} of ceiling (aim >= 0.30; >= 20000 events/s)`);
  // Where the projector's time went: this process's CPU (with --instances > 1, the spawned
  // processes are not in it) and how busy the whole machine was (Linux /proc/stat).
  const machine =
    machineBusy === null
      ? ''
      : `; the machine's ${availableParallelism()} cores were ${Math.round(100 * machineBusy)}% busy`;
  say(
    `cpu:       this process ${processSeconds.toFixed(1)} s during the projector run ` +
      `(${Math.round((100 * processSeconds) / projectorSeconds)}% of one core)${machine}`,
  );
  if (retries !== null) {
    const total = [...retries.values()].reduce((sum, count) => sum + count, 0);
    const reasons = [...retries].map(([reason, count]) => `${reason} ${count}`).join(', ');
    say(`retries:   ${total} projection transactions run again${total > 0 ? ` (${reasons})` : ''}`);
  }
  say(
    `reading:   consuming and decoding the same events alone (no projection) took ${floorSeconds.toFixed(2)} s = ` +
      `${Math.round(events / floorSeconds)} events/s, ${(copySeconds / floorSeconds).toFixed(2)} of ceiling: ` +
      'no projector reading this way can do better',
  );
}

/** Medians over the runs: each figure's own median (a ratio is taken within each run first). */
function reportMedians(measured: readonly Figures[], events: number): void {
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1
      ? (sorted[middle] as number)
      : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  };
  const rates = measured.map((figures) => events / figures.projectorSeconds);
  const ratios = measured.map((figures) => figures.copySeconds / figures.projectorSeconds);
  const floors = measured.map((figures) => figures.copySeconds / figures.floorSeconds);
  const range = (values: number[], digits: number) =>
    `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
  say(`\nmedian of ${measured.length} runs`);
  say(`projector: ${Math.round(median(rates))} events/s (range ${range(rates, 0)})`);
  say(`ratio:     ${median(ratios).toFixed(2)} of ceiling (range ${range(ratios, 2)})`);
  say(`reading:   ${median(floors).toFixed(2)} of ceiling (range ${range(floors, 2)})`);
}

/** A spawned projector's /metrics, as text. */
async function scrapeMetrics(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (!response.ok) throw new Error(`projector on port ${port}: /metrics answered ${response.status}`);
  return response.text();
}

/** What the projectors' metrics counted (their /metrics expositions), summed over them. */
function countsFromExpositions(expositions: readonly string[]): ProjectorCounts {
  const refused = new Map<string, number>();
  const applied = new Map<string, number>();
  for (const exposition of expositions) {
    for (const [labels, value] of counterValues(exposition, 'shipfold_projector_events_refused_total')) {
      const key = `${labelValue(labels, 'projection')}/${labelValue(labels, 'reason')}`;
      refused.set(key, (refused.get(key) ?? 0) + value);
    }
    for (const [labels, value] of counterValues(exposition, 'shipfold_projector_events_applied_total')) {
      const key = String(labelValue(labels, 'projection'));
      applied.set(key, (applied.get(key) ?? 0) + value);
    }
  }
  return { refused, applied };
}

/**
 * Seconds one consumer, with the projector's settings, wire decoder and contract checks, takes to
 * read every event of the topics from the beginning and decode it, applying nothing.
 */
async function readingFloor(
  kafka: Kafka,
  names: TopicNames,
  ends: readonly PartitionProgress[],
  config: ProjectorEnv,
  groupId: string,
): Promise<number> {
  const kinds = topicKinds(names);
  const unread = new Map(
    ends.filter((end) => end.high > end.low).map((end) => [`${end.topic}:${end.partition}`, end.high]),
  );
  if (unread.size === 0) return 0;
  const decode = createWireDecoder(createRegistry(REGISTRY));
  let allRead: () => void = () => undefined;
  let failed: (error: unknown) => void = () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const read = new Promise<void>((resolve, reject) => {
    allRead = resolve;
    failed = reject;
    timer = setTimeout(
      () => reject(new Error(`reading did not reach the topics' ends within ${WAIT_LIMIT_SECONDS} s`)),
      WAIT_LIMIT_SECONDS * 1000,
    );
  });
  // The projector's own consumer loop and settings, with a handler that only decodes.
  const loop = createConsumerLoop({
    ...projectorConsumerSettings({
      groupId,
      maxBytesPerPartition: config.PROJECTOR_MAX_BYTES_PER_PARTITION,
      partitionsConcurrently: config.PROJECTOR_PARTITIONS_CONCURRENTLY,
    }),
    kafka,
    topics: [...new Set(ends.map((end) => end.topic))],
    fromBeginning: true,
    log: {
      debug: quiet,
      info: quiet,
      warn: quiet,
      error: (details, message) => console.error(message, details),
    },
    onFatal: (error) => failed(error),
    eachBatch: async (batch, { resolveOffset }) => {
      const kind = kinds.get(batch.topic);
      if (kind === undefined) return;
      await decodeRecords(kind, batch.messages, decode);
      resolveOffset(batch.lastOffset());
      const key = `${batch.topic}:${batch.partition}`;
      const end = unread.get(key);
      if (end !== undefined && BigInt(batch.lastOffset()) + 1n >= end) unread.delete(key);
      if (unread.size === 0) allRead();
    },
  });
  const started = process.hrtime.bigint();
  try {
    await loop.start();
    await read;
    return seconds(started);
  } finally {
    clearTimeout(timer);
    await loop.stop();
  }
}

/** Reads every projected table out (untimed), then times COPY FROM STDIN of those rows into empty copies. */
async function copyCeiling(pool: Pool): Promise<{ rowCount: number; copySeconds: number }> {
  const client = await pool.connect();
  try {
    await client.query('CREATE SCHEMA ceiling');
    const dumps = new Map<string, Buffer>();
    let rowCount = 0;
    for (const table of TABLES) {
      await client.query(`CREATE TABLE ceiling.${table} (LIKE ${LIVE_SCHEMA}.${table} INCLUDING ALL)`);
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo(`COPY ${LIVE_SCHEMA}.${table} TO STDOUT`))) {
        chunks.push(chunk as Buffer);
      }
      dumps.set(table, Buffer.concat(chunks));
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM ${LIVE_SCHEMA}.${table}`);
      rowCount += Number(rows[0]?.count ?? 0);
    }
    // The projector's writes are flushed first, so the ceiling does not pay for their checkpoint.
    await client.query('CHECKPOINT');
    const started = process.hrtime.bigint();
    await client.query('BEGIN');
    for (const [table, dump] of dumps) {
      await pipeline(Readable.from([dump]), client.query(copyFrom(`COPY ceiling.${table} FROM STDIN`)));
    }
    await client.query('COMMIT');
    return { rowCount, copySeconds: seconds(started) };
  } finally {
    client.release();
  }
}

await main();
