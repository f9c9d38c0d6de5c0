import { splitList } from '@shipfold/config';
import { topicNames } from '@shipfold/contracts';
import { createCodec, createKafka, createProducer, createRegistry } from '@shipfold/kafka';
import { createService, type Service } from '@shipfold/service-kit';
import { groupIdOf, type NormalizerEnv } from './config';
import { createNormalizerLoop } from './consumer';
import { createNormalizerMetrics } from './metrics';

export interface NormalizerService {
  service: Service;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface NormalizerOverrides {
  logStream?: NodeJS.WritableStream;
  /** The consumer crashed beyond kafkajs' own restarts (default: log it; main exits the process). */
  onFatal?: (error: unknown) => void;
}

/**
 * The normalizer process: the registry codec, an idempotent producer and the consume loop, with
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
  const kafka = createKafka({
    brokers: splitList(env.KAFKA_BROKERS),
    clientId: `${env.KAFKA_CLIENT_ID}-normalizer`,
  });
  const producer = createProducer(kafka);
  producer.on(producer.events.CONNECT, () => {
    producerConnected = true;
  });
  producer.on(producer.events.DISCONNECT, () => {
    producerConnected = false;
  });
  const log = service.log.child({ component: 'normalizer' });
  const loop = createNormalizerLoop({
    kafka,
    producer,
    decode: codec.decode,
    encode: codec.encode,
    names,
    normalizeOptions: { clickpostZone: env.CLICKPOST_TIMEZONE },
    groupId: groupIdOf(env),
    chunkRecords: env.NORMALIZER_CHUNK_RECORDS,
    sendMaxBytes: env.NORMALIZER_SEND_MAX_BYTES,
    partitionsConcurrently: env.NORMALIZER_PARTITIONS_CONCURRENTLY,
    maxBytesPerPartition: env.NORMALIZER_MAX_BYTES_PER_PARTITION,
    metrics: createNormalizerMetrics(service.metrics),
    log,
    onFatal: overrides.onFatal ?? ((error) => log.error({ err: error }, 'consumer stopped for good')),
  });
  loopRunning = loop.isRunning;

  // Shutdown hooks run last-added first: the loop stops (finishing its chunk) before the producer goes.
  service.onShutdown(() => producer.disconnect());
  service.onShutdown(() => loop.stop());

  return {
    service,
    async start() {
      await service.start();
      await codec.register();
      await producer.connect();
      await loop.start();
    },
    stop: () => service.stop(),
  };
}
