import { topicNames } from '@shipfold/contracts';
import { createPool, databaseAnswers, migrate } from '@shipfold/db';
import { createKafka, createRegistry } from '@shipfold/kafka';
import { ALL_PROJECTIONS, LIVE_SCHEMA, tablesIn } from '@shipfold/projections';
import { createService, type Service } from '@shipfold/service-kit';
import { groupIdOf, type ProjectorEnv } from './config';
import { createProjectorMetrics } from './metrics';
import { createProjectionConsumer } from './projection-consumer';
import { createWireDecoder } from './wire-decoder';

export interface ProjectorService {
  service: Service;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The projector process: migrations, then the consumer, with health and metrics from service-kit. */
export function createProjectorService(
  env: ProjectorEnv,
  overrides: {
    logStream?: NodeJS.WritableStream;
    /** The consumer crashed beyond kafkajs' own restarts (default: stop cleanly and exit with code 1). */
    onFatal?: (error: unknown) => void;
  } = {},
): ProjectorService {
  let projectorRunning = () => false;
  const service = createService({
    name: 'projector',
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    // Ready while it consumes and can write: a PostgreSQL that went away makes it not ready.
    isReady: async () => projectorRunning() && (await databaseAnswers(pool)),
    ...(overrides.logStream ? { logStream: overrides.logStream } : {}),
  });
  const names = topicNames(env.TOPIC_PREFIX);
  const pool = createPool(env.DATABASE_URL, {
    max: env.PROJECTOR_DB_POOL_SIZE,
    applicationName: 'shipfold-projector',
    log: service.log,
  });
  const registry = createRegistry(env.SCHEMA_REGISTRY_URL);
  const log = service.log.child({ component: 'projector' });
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS.split(','),
    clientId: `${env.KAFKA_CLIENT_ID}-projector`,
    log,
  });
  const projector = createProjectionConsumer({
    kafka,
    decode: createWireDecoder(registry),
    pool,
    names,
    tables: tablesIn(LIVE_SCHEMA),
    projections: ALL_PROJECTIONS,
    metrics: createProjectorMetrics(service.metrics),
    groupId: groupIdOf(env),
    log,
    onFatal: overrides.onFatal ?? ((error) => service.exitOnFatal(error)),
    partitionsConcurrently: env.PROJECTOR_PARTITIONS_CONCURRENTLY,
    maxBytesPerPartition: env.PROJECTOR_MAX_BYTES_PER_PARTITION,
    sessionTimeoutMs: env.PROJECTOR_SESSION_TIMEOUT_MS,
  });
  projectorRunning = projector.isRunning;

  service.onShutdown(() => pool.end());
  service.onShutdown(() => projector.stop());

  return {
    service,
    // Health answers at once; readiness waits for the migrations and the group, each retried with
    // backoff while PostgreSQL or Kafka is away.
    async start() {
      await service.start();
      if (!(await service.keepTrying('database migrations', () => migrate(env.DATABASE_URL)))) return;
      await service.keepTrying('joining the consumer group', () => projector.start());
    },
    stop: () => service.stop(),
  };
}
