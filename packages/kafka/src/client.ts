import { Kafka, type Kafka as KafkaClient, logLevel, Partitioners, type Producer } from 'kafkajs';
import { type KafkaLog, kafkajsLogCreator } from './logging';

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  /** How long one connection attempt may take, in ms. */
  connectionTimeout?: number;
  /** How long a request may wait for the broker, in ms. */
  requestTimeout?: number;
  /** The service's logger: kafkajs then logs through it (group joins and leaves included), at honest levels. */
  log?: KafkaLog;
}

export function createKafka({
  brokers,
  clientId,
  connectionTimeout = 3000,
  requestTimeout = 30000,
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
 * A producer whose acknowledgements mean "written to every in-sync replica, exactly once":
 * idempotent (which implies acks = all and at most 5 requests in flight). Pass `acks: -1`
 * on every `send()`; it is kafkajs' default, made explicit at call sites.
 */
export function createProducer(kafka: KafkaClient, options: { retries?: number } = {}): Producer {
  return kafka.producer({
    // kafkajs 2's default (murmur2, as the Java client), named so it does not warn that it changed.
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
    // Retries close together (100 ms doubling, at most 1 s apart): when a broker dies, its partitions
    // get a new leader once the controller fences it (3 s on the three-node stack), and a send should
    // reach that leader within the ingress's acknowledgement wait (5 s), not after a 2.4 s or 4.8 s
    // back-off step (kafkajs' default steps from 300 ms, doubling, without a cap).
    retry: { retries: options.retries ?? 8, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** kafkajs's types, for code that holds a client this package made (nothing else imports kafkajs). */
export type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
