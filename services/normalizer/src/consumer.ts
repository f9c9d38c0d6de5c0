import type { Consumer, Kafka } from 'kafkajs';
import { type BatchHandlerOptions, batchHandler } from './batch-handler';

export interface NormalizerLoopOptions extends BatchHandlerOptions {
  kafka: Kafka;
  groupId: string;
  partitionsConcurrently: number;
  maxBytesPerPartition: number;
  log: BatchHandlerOptions['log'] & {
    info(details: Record<string, unknown>, message: string): void;
  };
  /** The consumer crashed and will not restart by itself. */
  onFatal(error: unknown): void;
}

export interface NormalizerLoop {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** True between a join of the consumer group and a stop or crash. */
  isRunning(): boolean;
}

/**
 * The consumer-group member over `shipfold.raw.v1`: each fetched batch goes through the batch handler,
 * which resolves offsets only after what they became is acknowledged. A crash between the two
 * re-derives the same events (same ids) on restart: at least once on the wire, exactly once in the
 * fold. A record that cannot be used becomes a DLQ record like any other output, so nothing blocks a
 * partition.
 */
export function createNormalizerLoop(options: NormalizerLoopOptions): NormalizerLoop {
  const { kafka, names, log } = options;
  let consumer: Consumer | undefined;
  let running = false;

  return {
    isRunning: () => running,
    async start() {
      consumer = kafka.consumer({
        groupId: options.groupId,
        maxBytesPerPartition: options.maxBytesPerPartition,
        maxWaitTimeInMs: 250,
        allowAutoTopicCreation: false,
      });
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        running = true;
        log.info({ assignment: event.payload.memberAssignment }, 'joined the consumer group');
      });
      consumer.on(consumer.events.CRASH, (event) => {
        running = false;
        log.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
        if (!event.payload.restart) options.onFatal(event.payload.error);
      });
      consumer.on(consumer.events.STOP, () => {
        running = false;
      });
      await consumer.connect();
      await consumer.subscribe({ topic: names.raw, fromBeginning: true });
      await consumer.run({
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConcurrently,
        eachBatch: batchHandler(options),
      });
    },
    async stop() {
      running = false;
      await consumer?.disconnect();
    },
  };
}
