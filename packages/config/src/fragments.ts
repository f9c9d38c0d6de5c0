import { Type } from '@sinclair/typebox';
import { CommaList } from './load-config';

/** Reusable groups of variables; compose them: `Type.Object({ ...kafkaEnv, ...httpEnv(8080) })`. */

export const kafkaEnv = {
  KAFKA_BROKERS: CommaList({
    default: '127.0.0.1:9092',
    description: 'Kafka bootstrap servers, comma-separated',
  }),
  KAFKA_CLIENT_ID: Type.String({ default: 'shipfold', minLength: 1 }),
  TOPIC_PREFIX: Type.String({
    default: 'shipfold',
    pattern: '^[A-Za-z0-9._-]+$',
    description: 'Prefix of every topic name',
  }),
  TOPIC_PARTITIONS: Type.Integer({ default: 6, minimum: 1, maximum: 1000 }),
  TOPIC_REPLICATION_FACTOR: Type.Integer({ default: 1, minimum: 1, maximum: 10 }),
};

export const registryEnv = {
  SCHEMA_REGISTRY_URL: Type.String({
    default: 'http://127.0.0.1:8081/apis/ccompat/v7',
    pattern: '^https?://',
    description: 'Confluent-compatible schema registry API',
  }),
};

export const databaseEnv = {
  DATABASE_URL: Type.String({
    default: 'postgres://postgres@127.0.0.1:5432/shipfold',
    pattern: '^postgres(ql)?://',
  }),
};

export const logEnv = {
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
};

export const httpEnv = (defaultPort: number) => ({
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ default: defaultPort, minimum: 0, maximum: 65535 }),
});

/**
 * A consumer group's session timeout (ms): how long a member that died without leaving (kill -9, a
 * lost host) holds its partitions; a member that stops cleanly leaves the group at once. Measured
 * with `npm run bench:rebalance`: partitions are without a reader for about the timeout plus half a
 * second. 10 s (kafkajs' default is 30 s) is safe because the consumer loop heartbeats while a long
 * batch is handled. The broker accepts only values within its group.min/max.session.timeout.ms (6 s
 * to 30 min by default); one outside them fails the consumer for good (INVALID_SESSION_TIMEOUT).
 */
export const SessionTimeoutMs = Type.Integer({
  default: 10_000,
  minimum: 1000,
  maximum: 1_800_000,
  description: 'Kafka group session timeout: how long a crashed member holds its partitions',
});
