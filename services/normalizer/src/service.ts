import { splitList } from '@shipfold/config';
import { topicNames } from '@shipfold/contracts';
import {
  createCodec,
  createConsumerLoop,
  createKafka,
  createProducer,
  createRegistry,
} from '@shipfold/kafka';
import { createService, type Service } from '@shipfold/service-kit';
import { batchHandler } from './batch-handler';
import { groupIdOf, type NormalizerEnv } from './config';
import { createNormalizerMetrics } from './metrics';

export interface NormalizerService {
  service: Service;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface NormalizerOverrides {
  logStream?: NodeJS.WritableStream;
  /** The consumer crashed beyond kafkajs' own restarts (default: stop cleanly and exit with code 1). */
  onFatal?: (error: unknown) => void;
}

/**
 * The normalizer process: the registry codec, a producer (acks = all) and the consume loop, with
 * health, readiness (producer connected and consumer in its group) and metrics from service-kit.
 */
export function createNormalizerService(
  env: NormalizerEnv,
  overrides: NormalizerOverrides = {},
): NormalizerService {
  let producerConnected = false;
  let loopRunning = () => false;
  const service = createService({
    name: 'normalizer',
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    isReady: () => producerConnected && loopRunning(),
    ...(overrides.logStream ? { logStream: overrides.logStream } : {}),
  });
  const names = topicNames(env.TOPIC_PREFIX);
  const codec = createCodec(createRegistry(env.SCHEMA_REGISTRY_URL), names);
  const log = service.log.child({ component: 'normalizer' });
  const kafka = createKafka({
    brokers: splitList(env.KAFKA_BROKERS),
    clientId: `${env.KAFKA_CLIENT_ID}-normalizer`,
    log,
  });
  const producer = createProducer(kafka);
  producer.on(producer.events.CONNECT, () => {
    producerConnected = true;
  });
  producer.on(producer.events.DISCONNECT, () => {
    producerConnected = false;
  });
  // The consumer-group member over the raw topic: each fetched batch goes through the batch handler,
  // which resolves offsets only after what they became is acknowledged. A crash between the two
  // re-derives the same events (same ids) on restart: at least once on the wire, exactly once in the
  // fold. A record that cannot be used becomes a DLQ record like any other output, so nothing blocks.
  const loop = createConsumerLoop({
    kafka,
    groupId: groupIdOf(env),
    topics: [names.raw],
    fromBeginning: true,
    maxBytesPerPartition: env.NORMALIZER_MAX_BYTES_PER_PARTITION,
    sessionTimeoutMs: env.NORMALIZER_SESSION_TIMEOUT_MS,
    partitionsConcurrently: env.NORMALIZER_PARTITIONS_CONCURRENTLY,
    eachBatch: batchHandler({
      producer,
      decode: codec.decode,
      encode: codec.encode,
      names,
      normalizeOptions: { clickpostZone: env.CLICKPOST_TIMEZONE },
      chunkRecords: env.NORMALIZER_CHUNK_RECORDS,
      sendMaxBytes: env.NORMALIZER_SEND_MAX_BYTES,
      metrics: createNormalizerMetrics(service.metrics),
      log,
    }),
    log,
    onFatal: overrides.onFatal ?? ((error) => service.exitOnFatal(error)),
  });
  loopRunning = loop.isRunning;

  // Shutdown hooks run last-added first: the loop stops (finishing its chunk) before the producer goes.
  service.onShutdown(() => producer.disconnect());
  service.onShutdown(() => loop.stop());

  return {
    service,
    // Health answers at once; readiness waits for the registry, the producer and the group, each
    // retried with backoff while it is away.
    async start() {
      await service.start();
      if (!(await service.keepTrying('schema registration', () => codec.register()))) return;
      if (!(await service.keepTrying('Kafka producer connection', () => producer.connect()))) return;
      await service.keepTrying('joining the consumer group', () => loop.start());
    },
    stop: () => service.stop(),
  };
}
