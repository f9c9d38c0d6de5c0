import type { TopicNames } from '@shipfold/contracts';
import { type Projection, type Tables, type TopicKind, topicKinds } from '@shipfold/projections';
import type { Admin, Consumer, ConsumerConfig, Kafka } from 'kafkajs';
import type { Pool } from 'pg';
import { createBatchApplier } from './batch-applier';
import { decodeRecords } from './decode';
import type { ProjectorMetrics } from './metrics';

export interface ProjectorOptions {
  kafka: Kafka;
  decode: (buffer: Buffer) => unknown | Promise<unknown>;
  pool: Pool;
  names: TopicNames;
  tables: Tables;
  projections: readonly Projection[];
  metrics: ProjectorMetrics;
  groupId: string;
  log: {
    info(details: Record<string, unknown>, message: string): void;
    warn(details: Record<string, unknown>, message: string): void;
    error(details: Record<string, unknown>, message: string): void;
  };
  /** Partitions applied at the same time (each in its own transaction). */
  partitionsConsumedConcurrently?: number;
  /** Upper bound of one fetch per partition: larger batches mean fewer, larger transactions. */
  maxBytesPerPartition?: number;
  /** Kafka group session timeout (ms): how long partitions of a crashed member wait to be reassigned. */
  sessionTimeoutMs?: number;
}

export interface Projector {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** True between a successful join of the consumer group and stop/crash. */
  isRunning(): boolean;
  /** The topics it consumes. */
  topics: string[];
}

/** The projector's consumer settings (the benchmark reads with the same ones). */
export function consumerConfig(
  options: Pick<ProjectorOptions, 'groupId' | 'maxBytesPerPartition' | 'sessionTimeoutMs'>,
): ConsumerConfig {
  const maxBytesPerPartition = options.maxBytesPerPartition ?? 16 * 1024 * 1024;
  const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
  return {
    groupId: options.groupId,
    maxBytesPerPartition,
    maxBytes: 4 * maxBytesPerPartition,
    maxWaitTimeInMs: 250,
    sessionTimeout,
    heartbeatInterval: Math.min(3000, Math.floor(sessionTimeout / 6)),
  };
}

/**
 * The Kafka side of the projector: a consumer-group member whose batches go through the batch
 * applier. Kafka's committed offsets are written (for lag monitoring) but never trusted: where to
 * read comes from the positions stored with the tables; the applier tells the consumer to seek.
 */
export function createProjector(options: ProjectorOptions): Projector {
  const { kafka, pool, names, tables, projections, metrics, log } = options;
  const kinds = topicKinds(names);
  const wanted = new Set<TopicKind>(projections.flatMap((projection) => projection.kinds));
  const topics = [...kinds].filter(([, kind]) => wanted.has(kind)).map(([topic]) => topic);
  const admin: Admin = kafka.admin();
  const logStarts = new Map<string, { at: number; offsets: Map<number, bigint> }>();

  async function logStartOffset(topic: string, partition: number): Promise<bigint> {
    const cached = logStarts.get(topic);
    if (cached && Date.now() - cached.at < 5000 && cached.offsets.has(partition)) {
      return cached.offsets.get(partition) as bigint;
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    const byPartition = new Map(offsets.map((entry) => [entry.partition, BigInt(entry.low)]));
    logStarts.set(topic, { at: Date.now(), offsets: byPartition });
    return byPartition.get(partition) ?? 0n;
  }

  const applier = createBatchApplier({
    pool,
    tables,
    projections,
    metrics,
    logStartOffset,
    warn: (details, message) => log.warn(details, message),
  });

  let consumer: Consumer | undefined;
  let running = false;

  return {
    topics,
    isRunning: () => running,
    async start() {
      await admin.connect();
      consumer = kafka.consumer(consumerConfig(options));
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        running = true;
        log.info({ assignment: event.payload.memberAssignment }, 'joined the consumer group');
      });
      consumer.on(consumer.events.CRASH, (event) => {
        running = false;
        log.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
      });
      consumer.on(consumer.events.STOP, () => {
        running = false;
      });
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      const active = consumer;
      await active.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          if (!isRunning() || isStale() || batch.isEmpty()) return;
          const kind = kinds.get(batch.topic);
          if (kind === undefined) return;
          const records = await decodeRecords(kind, batch.messages, options.decode);
          const outcome = await applier.apply({
            topic: batch.topic,
            kind,
            partition: batch.partition,
            records,
          });
          if (outcome.action === 'seek') {
            active.seek({
              topic: batch.topic,
              partition: batch.partition,
              offset: outcome.offset.toString(),
            });
          } else {
            resolveOffset(batch.lastOffset());
          }
          await heartbeat();
        },
      });
    },
    async stop() {
      running = false;
      await consumer?.disconnect();
      await admin.disconnect();
    },
  };
}
