import { topicNames } from '@shipfold/contracts';
import {
  createCodec,
  createKafka,
  createProducer,
  createRegistry,
  type OutgoingRecord,
  sendRecords,
} from '@shipfold/kafka';
import { createService, type Service } from '@shipfold/service-kit';
import { type FastifyServerOptions, LogController } from 'fastify';
import type { IngressConfig } from './config';
import { createBatchedWriter, type DeliveryWriter, recordSize } from './delivery-writer';
import { createIngressMetrics } from './metrics';
import { createProduceBatcher } from './produce-batcher';
import { webhookRoutes } from './webhook-routes';
import { webhookSources } from './webhook-sources';

export interface Ingress {
  service: Service;
  /** True once the schemas are registered and the producer is connected. */
  isReady(): boolean;
  /** Deliveries waiting for their produce batch to be acknowledged. */
  pendingDeliveries(): number;
  /** Starts listening; connecting to Kafka goes on in the background until it succeeds. */
  start(): Promise<string>;
  /** Stops taking requests, flushes in-flight batches, disconnects. */
  stop(): Promise<void>;
}

export interface IngressOverrides {
  /** Where log lines go (tests read them). */
  logStream?: NodeJS.WritableStream;
}

/**
 * Answers a client error (e.g. request headers over Node's limit) in the routes' JSON error
 * shape; Fastify's default writes its own.
 */
const clientErrorHandler: FastifyServerOptions['clientErrorHandler'] = (error, socket) => {
  if (!socket.writable) return;
  const tooLarge = (error as NodeJS.ErrnoException).code === 'HPE_HEADER_OVERFLOW';
  const [status, reason, code] = tooLarge
    ? [431, 'Request Header Fields Too Large', 'header-fields-too-large']
    : [400, 'Bad Request', 'bad-request'];
  const body = JSON.stringify({
    error: code,
    message: tooLarge ? 'request headers too large' : 'bad request',
  });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
};

/** The ingress process: webhook routes on a service-kit service, writing through a batching producer. */
export function createIngress(config: IngressConfig, overrides: IngressOverrides = {}): Ingress {
  const { env, secrets } = config;
  const sources = webhookSources(secrets);
  const service = createService({
    name: 'ingress',
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    secretHeaders: sources.map((source) => source.secretHeader),
    isReady: () => ready,
    ...(overrides.logStream ? { logStream: overrides.logStream } : {}),
    // One line per webhook answer (webhook-routes) instead of Fastify's two per request.
    fastify: { clientErrorHandler, logController: new LogController({ disableRequestLogging: true }) },
  });
  const log = service.log.child({ component: 'kafka' });
  const metrics = createIngressMetrics(service.metrics, () => batcher.pending);
  const topics = topicNames(env.TOPIC_PREFIX);
  const kafka = createKafka({
    brokers: env.KAFKA_BROKERS.split(','),
    clientId: `${env.KAFKA_CLIENT_ID}-ingress`,
    log,
  });
  const producer = createProducer(kafka);
  const codec = createCodec(createRegistry(env.SCHEMA_REGISTRY_URL), topics);
  const batcher = createProduceBatcher<OutgoingRecord>({
    sendBatch: (records) =>
      sendRecords(producer, records, {
        ackTimeoutMs: env.INGRESS_ACK_TIMEOUT_MS,
        compression: env.INGRESS_COMPRESSION,
      }),
    sizeOf: recordSize,
    lingerMs: env.INGRESS_LINGER_MS,
    maxBatchRecords: env.INGRESS_BATCH_MAX_RECORDS,
    maxBatchBytes: env.INGRESS_BATCH_MAX_BYTES,
    maxInFlightBatches: env.INGRESS_MAX_IN_FLIGHT_BATCHES,
    maxQueuedBytes: env.INGRESS_MAX_QUEUED_BYTES,
    timeoutMs: env.INGRESS_ACK_TIMEOUT_MS,
    onBatch: (report) => {
      metrics.observeBatch(report);
      if (!report.ok) log.warn({ records: report.records }, 'produce batch failed');
    },
  });

  let ready = false;
  let stopping = false;
  producer.on(producer.events.DISCONNECT, () => {
    ready = false;
  });
  const batched = createBatchedWriter(topics, codec.encode, batcher, env.INGRESS_MAX_RECORD_BYTES);
  // Until the schemas are registered and the producer connected, nothing can be written: say so at once.
  const notConnected = () => Promise.reject(new Error('not connected to Kafka yet'));
  const writer: DeliveryWriter = {
    writeRaw: (envelope) => (ready ? batched.writeRaw(envelope) : notConnected()),
    writeDlq: (record) => (ready ? batched.writeDlq(record) : notConnected()),
  };

  void service.app.register(webhookRoutes, {
    prefix: '/v1/webhooks',
    sources,
    writer,
    metrics,
    maxBodyBytes: env.INGRESS_MAX_BODY_BYTES,
    retryAfterSeconds: env.INGRESS_RETRY_AFTER_SECONDS,
  });

  let connecting: Promise<void> | undefined;
  // Kafka and the registry may come up after us: keep trying, with backoff, until connected or stopped.
  const connect = async (): Promise<void> => {
    const connected = await service.keepTrying(
      'schema registration and Kafka producer connection',
      async () => {
        await codec.register();
        await producer.connect();
      },
    );
    if (!connected || stopping) return;
    ready = true;
    log.info({ topics }, 'connected: schemas registered, producer ready');
  };

  // Reverse order at shutdown: requests stop first (service-kit), then batches flush, then disconnect.
  service.onShutdown(async () => {
    await connecting;
    await producer.disconnect();
  });
  service.onShutdown(async () => {
    stopping = true;
    await batcher.close();
  });

  return {
    service,
    isReady: () => ready,
    pendingDeliveries: () => batcher.pending,
    async start() {
      const address = await service.start();
      connecting = connect();
      return address;
    },
    stop: () => service.stop(),
  };
}
