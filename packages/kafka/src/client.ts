import { Kafka, type Kafka as KafkaClient, logLevel, Partitioners, type Producer } from 'kafkajs';
import { type KafkaLog, kafkajsLogCreator } from './logging';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** How long one connection attempt may take, in ms. */
  connectionTimeout?: number;
  /**
   * How long a request may wait for the broker, in ms. A request that times out closes its connection
   * (patches/kafkajs+2.2.4.patch), so a hung broker costs this long, not until it comes back. It must
   * exceed the brokers' replica.lag.time.max.ms (3 s on the local cluster), the longest an acks=all
   * write waits for a hung follower to leave the in-sync replicas.
   */
  requestTimeout?: number;
  /** The service's logger: kafkajs then logs through it (group joins and leaves included), at honest levels. */
  log?: KafkaLog;
}

export function createKafka({
  brokers,
  clientId,
  connectionTimeout = 3000,
  requestTimeout = 5000,
  log,
}: KafkaOptions): KafkaClient {
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout,
    requestTimeout,
    // Without a logger (tests, tools), kafkajs' own console logging is limited to errors.
    ...(log ? { logLevel: logLevel.INFO, logCreator: kafkajsLogCreator(log) } : { logLevel: logLevel.ERROR }),
  });
}

/**
 * A producer whose acknowledgements mean "written to every in-sync replica" (pass `acks: -1` on every
 * `send()`; it is kafkajs' default, made explicit at call sites).
 *
 * Not idempotent, on purpose: kafkajs 2.2.4's idempotent producer cannot recover when a partition
 * leader dies with a batch in flight. Measured on the local cluster with a broker hung by SIGSTOP, the
 * new leader answered OUT_OF_ORDER_SEQUENCE_NUMBER to every send for 15 s, until the hung broker was
 * let go. A retried send may therefore write a record twice; every consumer here is idempotent by
 * event id and position (docs/architecture.md, failure semantics), so a duplicate costs nothing.
 */
export function createProducer(kafka: KafkaClient, options: { retries?: number } = {}): Producer {
  return kafka.producer({
    // kafkajs 2's default (murmur2, as the Java client), named so it does not warn that it changed.
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: false,
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
    // Retries close together (100 ms doubling, at most 1 s apart): when a broker dies, its partitions
    // get a new leader once the controller fences it (3 s on the three-node stack), and a send should
    // reach that leader within the ingress's acknowledgement wait (10 s), not after a 2.4 s or 4.8 s
    // back-off step (kafkajs' default steps from 300 ms, doubling, without a cap).
    retry: { retries: options.retries ?? 8, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** kafkajs's types, for code that holds a client this package made (nothing else imports kafkajs). */
export type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
