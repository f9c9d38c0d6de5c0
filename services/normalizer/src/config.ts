import {
  ConfigError,
  httpEnv,
  kafkaEnv,
  loadConfig,
  logEnv,
  registryEnv,
  SessionTimeoutMs,
} from '@shipfold/config';
import { DEFAULT_CLICKPOST_ZONE, isValidZone } from '@shipfold/mapping';
import { type Static, Type } from '@sinclair/typebox';

export const NormalizerEnv = Type.Object({
  ...kafkaEnv,
  ...registryEnv,
  ...logEnv,
  ...httpEnv(8082),
  NORMALIZER_GROUP_ID: Type.String({
    default: '',
    description: 'Kafka consumer group (default: <TOPIC_PREFIX>.normalizer)',
  }),
  CLICKPOST_TIMEZONE: Type.String({
    default: DEFAULT_CLICKPOST_ZONE,
    description: 'IANA zone of naive Clickpost timestamps (Clickpost documents IST)',
  }),
  NORMALIZER_PARTITIONS_CONCURRENTLY: Type.Integer({ default: 1, minimum: 1, maximum: 64 }),
  NORMALIZER_CHUNK_RECORDS: Type.Integer({
    default: 200,
    minimum: 1,
    maximum: 10_000,
    description: 'Raw records normalized per produce round trip; their offsets are resolved after its acks',
  }),
  NORMALIZER_SEND_MAX_BYTES: Type.Integer({
    default: 900_000,
    minimum: 16 * 1024,
    maximum: 64 * 1024 * 1024,
    description: "Bytes per produce request: keep below the topics' max.message.bytes (1 MB by default)",
  }),
  NORMALIZER_MAX_BYTES_PER_PARTITION: Type.Integer({
    default: 2 * 1024 * 1024,
    minimum: 64 * 1024,
    maximum: 64 * 1024 * 1024,
  }),
  NORMALIZER_SESSION_TIMEOUT_MS: SessionTimeoutMs,
});
export type NormalizerEnv = Static<typeof NormalizerEnv>;

/** Reads and validates the normalizer configuration; throws a ConfigError naming every bad variable. */
export function loadNormalizerConfig(
  source: Record<string, string | undefined> = process.env,
): NormalizerEnv {
  const env = loadConfig(NormalizerEnv, source);
  if (!isValidZone(env.CLICKPOST_TIMEZONE))
    throw new ConfigError(['CLICKPOST_TIMEZONE: not an IANA time zone']);
  return env;
}

export const groupIdOf = (env: NormalizerEnv): string =>
  env.NORMALIZER_GROUP_ID || `${env.TOPIC_PREFIX}.normalizer`;
