import { clickpostClientFor, clickpostEndpoint } from '@shipfold/clickpost';
import { splitList } from '@shipfold/config';
import { topicNames } from '@shipfold/contracts';
import { createPool, databaseAnswers, migrate } from '@shipfold/db';
import { createCodec, createKafka, createProducer, createRegistry, type KafkaLog } from '@shipfold/kafka';
import { createService, type Service } from '@shipfold/service-kit';
import { pgCheckpointStore, pgTrackCandidateSource } from '@shipfold/tracking-state';
import type { PollerEnv } from './config';
import { createPollerMetrics } from './metrics';
import { type Loop, startLoop } from './poll-loop';
import { createRawPublisher } from './raw-publisher';
import { createReturnsDeltaPoller, type DeltaCycle } from './returns-delta-poller';
import { createTrackOrderPoller, type TrackCycle } from './track-order-poller';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** The Kafka side of publishing polled data: producer, registered codec, raw topic. */
export function rawPublishingFor(env: PollerEnv, clientId: string, log?: KafkaLog) {
  const names = topicNames(env.TOPIC_PREFIX);
  const codec = createCodec(createRegistry(env.SCHEMA_REGISTRY_URL), names);
  const producer = createProducer(
    createKafka({ brokers: splitList(env.KAFKA_BROKERS), clientId, ...(log ? { log } : {}) }),
  );
  return {
    producer,
    publisher: createRawPublisher(producer, codec.encode, names.raw),
    async connect() {
      await codec.register();
      await producer.connect();
    },
  };
}

export interface PollerService {
  service: Service;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The poller process: returns delta polling and the track-order fallback, each in its own loop, with
 * health (ready = producer connected, PostgreSQL answering, the last cycles successful) and metrics
 * from service-kit.
 */
export function createPollerService(
  env: PollerEnv,
  overrides: { logStream?: NodeJS.WritableStream; now?: () => number } = {},
): PollerService {
  let connected = false;
  const service = createService({
    name: 'poller',
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    // Ready once connected to Kafka, while PostgreSQL (its checkpoints) answers, and while its loops'
    // cycles succeed: a loop failing every cycle (Clickpost down or too slow) cannot do its work.
    isReady: async () =>
      connected && !loops.some((loop) => loop.isFailing()) && (await databaseAnswers(pool)),
    ...(overrides.logStream ? { logStream: overrides.logStream } : {}),
  });
  const log = service.log;
  const metrics = createPollerMetrics(service.metrics);
  const now = overrides.now ?? Date.now;
  const pool = createPool(env.DATABASE_URL, { max: 4, applicationName: 'shipfold-poller', log });
  const client = clickpostClientFor(env, (report) =>
    metrics.clickpostAttempts.inc({
      operation: report.operation,
      outcome: report.errorCode ?? String(report.httpStatus ?? 'none'),
    }),
  );
  const kafkaSide = rawPublishingFor(env, `${env.KAFKA_CLIENT_ID}-poller`, log);

  const deltaPoller = createReturnsDeltaPoller({
    client,
    checkpoints: pgCheckpointStore(pool),
    publisher: kafkaSide.publisher,
    rules: {
      lagMs: env.POLLER_DELTA_SAFETY_LAG_SECONDS * SECOND,
      overlapMs: env.POLLER_DELTA_OVERLAP_SECONDS * SECOND,
    },
    initialLookbackMs: env.POLLER_DELTA_INITIAL_LOOKBACK_MINUTES * MINUTE,
    now,
  });
  const trackPoller = createTrackOrderPoller({
    client,
    candidates: pgTrackCandidateSource(pool),
    publisher: kafkaSide.publisher,
    rules: {
      quietMs: env.POLLER_TRACK_QUIET_MINUTES * MINUTE,
      repollMs: env.POLLER_TRACK_REPOLL_MINUTES * MINUTE,
      confirmTerminal: env.POLLER_TRACK_CONFIRM_TERMINAL,
      limit: env.POLLER_TRACK_MAX_PER_CYCLE,
    },
    batchSize: env.POLLER_TRACK_BATCH_SIZE,
    now,
  });

  const loops: Loop[] = [];
  let stopping = false;

  // A failing loop (Clickpost down or slow, Kafka or PostgreSQL away) is logged when it starts
  // failing and when it recovers; the retries in between are counted, and logged at debug level.
  const outageLogging = (loop: 'returns-delta' | 'track-order') => ({
    onError: (error: unknown, failures: number) => {
      metrics.cycleErrors.inc({ loop });
      if (failures === 1) log.warn({ loop, err: error }, `${loop} cycle failed; retrying every interval`);
      else log.debug({ loop, failures, err: error }, `${loop} cycle failed again`);
    },
    onRecovered: (failures: number) => log.info({ loop, failures }, `${loop} cycle works again`),
  });

  const startLoops = () => {
    loops.push(
      startLoop<DeltaCycle>({
        cycle: (signal) => deltaPoller.cycle(signal),
        moreToDo: (result) => result.kind === 'polled',
        intervalMs: env.POLLER_DELTA_INTERVAL_SECONDS * SECOND,
        onResult: (result) => {
          if (result.kind === 'polled') {
            metrics.deltaWindows.inc();
            metrics.published.inc({ source: 'clickpost.returns-delta' }, result.results);
            metrics.deltaCheckpointLag.set((now() - result.endMs) / SECOND);
            // Empty windows every interval are the normal case once caught up: not worth an info line.
            log[result.results > 0 ? 'info' : 'debug'](
              {
                start: new Date(result.startMs).toISOString(),
                end: new Date(result.endMs).toISOString(),
                results: result.results,
              },
              'returns delta window published',
            );
          } else if (result.kind === 'caught-up') {
            metrics.deltaCheckpointLag.set((now() - result.checkpointMs) / SECOND);
          }
        },
        ...outageLogging('returns-delta'),
      }),
      startLoop<TrackCycle>({
        cycle: (signal) => trackPoller.cycle(signal),
        // A full cycle means more are due: go on at once.
        moreToDo: (result) => result.candidates >= env.POLLER_TRACK_MAX_PER_CYCLE,
        intervalMs: env.POLLER_TRACK_INTERVAL_SECONDS * SECOND,
        onResult: (result) => {
          metrics.trackRequests.inc(result.requests);
          metrics.published.inc({ source: 'clickpost.track-order' }, result.published);
          if (result.candidates > 0) log.info(result, 'track-order fallback cycle');
        },
        ...outageLogging('track-order'),
      }),
    );
  };

  // PostgreSQL, Kafka and the registry may come up after us: keep trying, with backoff, until
  // migrated and connected (or stopped).
  const connect = async () => {
    if (!(await service.keepTrying('database migrations', () => migrate(env.DATABASE_URL)))) return;
    const ok = await service.keepTrying('schema registration and Kafka producer connection', () =>
      kafkaSide.connect(),
    );
    if (!ok || stopping) return;
    connected = true;
    log.info({ clickpost: clickpostEndpoint(env).baseUrl }, 'connected: polling Clickpost');
    startLoops();
  };
  let connecting: Promise<void> | undefined;

  // Reverse order at shutdown: loops stop, then the producer, the client and the pool close.
  service.onShutdown(() => pool.end());
  service.onShutdown(() => client.close());
  service.onShutdown(async () => {
    await connecting;
    await kafkaSide.producer.disconnect();
  });
  service.onShutdown(async () => {
    stopping = true;
    await Promise.all(loops.map((loop) => loop.stop()));
  });

  return {
    service,
    async start() {
      await service.start();
      connecting = connect();
    },
    stop: () => service.stop(),
  };
}
