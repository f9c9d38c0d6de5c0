import type { Batch, Consumer, ConsumerConfig, Kafka } from 'kafkajs';
import { type KafkaLog, levelOf } from './logging';

/** A fetched batch of one partition, as the loop hands it to its handler. */
export type ConsumedBatch = Pick<
  Batch,
  'topic' | 'partition' | 'messages' | 'highWatermark' | 'isEmpty' | 'firstOffset' | 'lastOffset'
>;

/** One consumed record (offsets are decimal strings, as Kafka's client gives them). */
export type ConsumedMessage = ConsumedBatch['messages'][number];

/** What a batch handler may do besides reading the batch. */
export interface BatchControls {
  /** Marks everything up to this offset as done (committed with the next commit). */
  resolveOffset(offset: string): void;
  /** Tells the group this member is alive; call it during long work so a short session does not expire. */
  heartbeat(): Promise<void>;
  commitOffsetsIfNecessary(): Promise<void>;
  /** False once the loop is stopping or the batch went stale (a rebalance moved its partition). */
  isActive(): boolean;
  /** Reads the partition again from this offset (the handler's own positions say where). */
  seek(offset: string): void;
}

export type BatchHandler = (batch: ConsumedBatch, controls: BatchControls) => Promise<void>;

/** Consumer-group settings the services tune; everything else is decided here, once. */
export interface ConsumerSettings {
  groupId: string;
  /** Upper bound of one fetch per partition. */
  maxBytesPerPartition: number;
  /** Upper bound of one whole fetch (default: kafkajs', 10 MiB). */
  maxBytes?: number;
  /** How long a member may go without a heartbeat before the group hands its partitions on (ms). */
  sessionTimeoutMs: number;
  /** Batches of different partitions handled at the same time. */
  partitionsConcurrently: number;
}

export interface ConsumerLoopOptions extends ConsumerSettings {
  kafka: Kafka;
  topics: readonly string[];
  /** Start from the earliest record when the group has no committed offset. */
  fromBeginning: boolean;
  /** Handles each non-empty batch; offsets are resolved by the handler, never automatically. */
  eachBatch: BatchHandler;
  log: KafkaLog;
  /**
   * The consumer crashed and kafkajs will not restart it (a non-retriable error). The process cannot
   * recover from this by itself: the caller shuts down cleanly and exits non-zero, for its supervisor
   * to restart it.
   */
  onFatal(error: unknown): void;
}

export interface ConsumerLoop {
  /** Joins the group and starts consuming; rejects when Kafka cannot be reached (the caller retries). */
  start(): Promise<void>;
  /** Leaves the group (its partitions move at once, not after a session timeout) and disconnects. */
  stop(): Promise<void>;
  /** True between a join of the group and a rebalance, crash or stop. */
  isRunning(): boolean;
}

/** kafkajs' consumer settings for ConsumerSettings: the one place consumers of this project are configured. */
export function consumerConfig(settings: ConsumerSettings): ConsumerConfig {
  return {
    groupId: settings.groupId,
    maxBytesPerPartition: settings.maxBytesPerPartition,
    ...(settings.maxBytes ? { maxBytes: settings.maxBytes } : {}),
    maxWaitTimeInMs: 250,
    sessionTimeout: settings.sessionTimeoutMs,
    // Several beats per session (Kafka's advice is at most a third), so one late beat costs nothing.
    heartbeatInterval: Math.min(3000, Math.floor(settings.sessionTimeoutMs / 6)),
    allowAutoTopicCreation: false,
  };
}

/**
 * The one consumer runner every consumer of the project uses: a consumer-group member whose batches go
 * to a handler that resolves offsets itself. It logs group joins, rebalances and leaves; a crash that
 * kafkajs restarts is logged as a warning, one it will not restart goes to `onFatal`.
 */
export function createConsumerLoop(options: ConsumerLoopOptions): ConsumerLoop {
  const { kafka, log } = options;
  let consumer: Consumer | undefined;
  let running = false;
  let stopping = false;

  const config = consumerConfig(options);
  const heartbeatIntervalMs = config.heartbeatInterval ?? 3000;

  return {
    isRunning: () => running,
    async start() {
      stopping = false;
      const member = kafka.consumer(config);
      consumer = member;
      member.on(member.events.GROUP_JOIN, ({ payload }) => {
        running = true;
        log.info(
          { groupId: options.groupId, memberId: payload.memberId, assignment: payload.memberAssignment },
          'joined the consumer group',
        );
      });
      member.on(member.events.REBALANCING, () => {
        running = false;
        log.info({ groupId: options.groupId }, 'the consumer group is rebalancing');
      });
      member.on(member.events.CRASH, ({ payload }) => {
        running = false;
        const message = payload.error instanceof Error ? payload.error.message : String(payload.error);
        if (payload.restart) {
          log[levelOf(1, message)]({ groupId: options.groupId, err: payload.error }, 'consumer restarting');
          return;
        }
        log.error({ groupId: options.groupId, err: payload.error }, 'consumer crashed for good');
        if (!stopping) options.onFatal(payload.error);
      });
      member.on(member.events.STOP, () => {
        running = false;
        log.info({ groupId: options.groupId }, 'left the consumer group');
      });
      try {
        await member.connect();
        await member.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning });
        await member.run({
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: options.partitionsConcurrently,
          eachBatch: async ({
            batch,
            resolveOffset,
            heartbeat,
            commitOffsetsIfNecessary,
            isRunning,
            isStale,
          }) => {
            if (!isRunning() || isStale() || batch.isEmpty()) return;
            // Beats while the handler works, so a batch longer than the session timeout does not get
            // this member thrown out of the group (kafkajs beats only when asked, between batches).
            const beating = setInterval(() => {
              heartbeat().catch(() => undefined);
            }, heartbeatIntervalMs);
            try {
              await options.eachBatch(batch, {
                resolveOffset,
                heartbeat,
                commitOffsetsIfNecessary: () => commitOffsetsIfNecessary(),
                isActive: () => isRunning() && !isStale(),
                seek: (offset) => member.seek({ topic: batch.topic, partition: batch.partition, offset }),
              });
            } finally {
              clearInterval(beating);
            }
          },
        });
      } catch (error) {
        await member.disconnect().catch(() => undefined);
        throw error;
      }
    },
    async stop() {
      stopping = true;
      running = false;
      await consumer?.disconnect();
    },
  };
}
