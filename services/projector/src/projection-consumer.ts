import type { TopicNames } from '@shipfold/contracts';
import {
  type Admin,
  type ConsumerLoop,
  type ConsumerSettings,
  createConsumerLoop,
  type Kafka,
  type KafkaLog,
} from '@shipfold/kafka';
import { type Projection, type Tables, type TopicKind, topicKinds } from '@shipfold/projections';
import type { Pool } from 'pg';
import { createBatchApplier } from './batch-applier';
import { batchHandler } from './batch-handler';
import type { ProjectorMetrics } from './metrics';

export interface ProjectionConsumerOptions {
  kafka: Kafka;
  decode: (buffer: Buffer) => unknown | Promise<unknown>;
  pool: Pool;
  names: TopicNames;
  tables: Tables;
  projections: readonly Projection[];
  metrics: ProjectorMetrics;
  groupId: string;
  log: KafkaLog;
  /** Partitions applied at the same time (each in its own transaction). */
  partitionsConcurrently?: number;
  /** Upper bound of one fetch per partition: larger batches mean fewer, larger transactions. */
  maxBytesPerPartition?: number;
  /** Kafka group session timeout (ms): how long partitions of a crashed member wait to be reassigned. */
  sessionTimeoutMs?: number;
  /** The consumer crashed and kafkajs will not restart it. */
  onFatal(error: unknown): void;
}

export interface ProjectionConsumer extends ConsumerLoop {
  /** The topics it consumes. */
  topics: string[];
}

/** The projector's consumer settings (the benchmark reads with the same ones). */
export function projectorConsumerSettings(
  options: Pick<
    ProjectionConsumerOptions,
    'groupId' | 'maxBytesPerPartition' | 'sessionTimeoutMs' | 'partitionsConcurrently'
  >,
): ConsumerSettings {
  const maxBytesPerPartition = options.maxBytesPerPartition ?? 16 * 1024 * 1024;
  return {
    groupId: options.groupId,
    maxBytesPerPartition,
    maxBytes: 4 * maxBytesPerPartition,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
    partitionsConcurrently: options.partitionsConcurrently ?? 1,
  };
}

/**
 * The Kafka side of the projector: a consumer-group member (the shared consumer loop) whose batches
 * go through the batch applier. Kafka's committed offsets are written (for lag monitoring) but never
 * trusted: where to read comes from the positions stored with the tables; the applier tells the
 * consumer to seek.
 */
export function createProjectionConsumer(options: ProjectionConsumerOptions): ProjectionConsumer {
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

  const loop = createConsumerLoop({
    ...projectorConsumerSettings(options),
    kafka,
    topics,
    fromBeginning: true,
    log,
    onFatal: options.onFatal,
    eachBatch: batchHandler({
      kinds,
      decode: options.decode,
      applier: createBatchApplier({
        pool,
        tables,
        projections,
        metrics,
        logStartOffset,
        warn: (details, message) => log.warn(details, message),
      }),
    }),
  });

  return {
    topics,
    isRunning: loop.isRunning,
    async start() {
      await admin.connect();
      await loop.start();
    },
    async stop() {
      await loop.stop();
      await admin.disconnect();
    },
  };
}
