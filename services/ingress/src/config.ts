import {
  CommaList,
  ConfigError,
  httpEnv,
  kafkaEnv,
  loadConfig,
  logEnv,
  registryEnv,
  splitList,
} from '@shipfold/config';
import { RAW_MAX_MESSAGE_BYTES } from '@shipfold/contracts';
import { type Static, Type } from '@sinclair/typebox';
import type { SourceSecrets } from './webhook-sources';

/** Local defaults, recognisable anywhere, and refused when NODE_ENV=production. */
const DEV_SECRET_PREFIX = 'dev-only-';
const MIN_SECRET_LENGTH = 16;
const MAX_SECRETS_PER_SOURCE = 2;

const secretList = (name: string) =>
  CommaList({
    default: `${DEV_SECRET_PREFIX}${name}`,
    description: `Valid ${name} values, comma-separated: the current one, plus the previous one during a rotation`,
  });

export const IngressEnv = Type.Object({
  ...kafkaEnv,
  ...registryEnv,
  ...logEnv,
  ...httpEnv(8080),
  CLICKPOST_WEBHOOK_KEYS: secretList('clickpost-webhook-key'),
  REDO_WEBHOOK_TOKENS: secretList('redo-bearer-token'),
  INCREFF_CALLBACK_HEADER: Type.String({
    default: 'x-increff-token',
    pattern: "^[A-Za-z0-9!#$%&'*+.^_`|~-]+$",
    description: 'Header that carries the Increff callback secret',
  }),
  INCREFF_CALLBACK_SECRETS: secretList('increff-callback-secret'),
  INGRESS_MAX_BODY_BYTES: Type.Integer({ default: 1024 * 1024, minimum: 1024, maximum: 16 * 1024 * 1024 }),
  INGRESS_LINGER_MS: Type.Integer({ default: 2, minimum: 0, maximum: 100 }),
  INGRESS_BATCH_MAX_RECORDS: Type.Integer({ default: 500, minimum: 1, maximum: 10_000 }),
  // The raw and DLQ topics' max.message.bytes bounds one record batch, so one encoded envelope
  // stays under it (a 1 MiB body can grow several times when JSON-escaped).
  INGRESS_MAX_RECORD_BYTES: Type.Integer({
    default: RAW_MAX_MESSAGE_BYTES - 64 * 1024,
    minimum: 1024,
    maximum: 64 * 1024 * 1024,
  }),
  // Produce batches are kept near 1 MB (a larger record goes alone): measured with bench:ingress,
  // 8 MiB batches lowered throughput from 0.51 to 0.32 of the ceiling and raised p99 from 38 to 51 ms.
  INGRESS_BATCH_MAX_BYTES: Type.Integer({ default: 1_000_000, minimum: 1024, maximum: 64 * 1024 * 1024 }),
  INGRESS_COMPRESSION: Type.Union([Type.Literal('none'), Type.Literal('gzip')], { default: 'none' }),
  INGRESS_MAX_IN_FLIGHT_BATCHES: Type.Integer({ default: 1, minimum: 1, maximum: 5 }),
  INGRESS_MAX_QUEUED_BYTES: Type.Integer({ default: 64 * 1024 * 1024, minimum: 1024 }),
  // Longer than a partition leader's failover, so a broker killed under load costs no 503: on the local
  // three-node cluster (brokers fenced after 3 s) a send waited at most 7.4 s with a broker killed, and
  // up to 10.4 s with one hung (SIGSTOP), which takes longer to fence (npm run bench:failover).
  // With Kafka's default broker.session.timeout.ms (9 s), raise it to about 15 s.
  INGRESS_ACK_TIMEOUT_MS: Type.Integer({
    default: 10_000,
    minimum: 100,
    maximum: 60_000,
    description: 'Longest a request waits for Kafka before it is answered 503',
  }),
  INGRESS_RETRY_AFTER_SECONDS: Type.Integer({ default: 5, minimum: 1, maximum: 3600 }),
  NODE_ENV: Type.String({ default: 'development' }),
});
export type IngressEnv = Static<typeof IngressEnv>;

export interface IngressConfig {
  env: IngressEnv;
  secrets: SourceSecrets;
}

const secretsIn = (env: IngressEnv, name: keyof IngressEnv, problems: string[]): string[] => {
  const secrets = splitList(String(env[name]));
  if (secrets.length > MAX_SECRETS_PER_SOURCE) {
    problems.push(`${name}: at most ${MAX_SECRETS_PER_SOURCE} secrets (current and previous)`);
  }
  if (secrets.some((secret) => secret.length < MIN_SECRET_LENGTH)) {
    problems.push(`${name}: every secret must have at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (env.NODE_ENV === 'production' && secrets.some((secret) => secret.startsWith(DEV_SECRET_PREFIX))) {
    problems.push(`${name}: a ${DEV_SECRET_PREFIX} secret is not allowed with NODE_ENV=production`);
  }
  return secrets;
};

/** Reads and validates the ingress configuration; throws a ConfigError naming every bad variable. */
export function loadIngressConfig(source: Record<string, string | undefined> = process.env): IngressConfig {
  const env = loadConfig(IngressEnv, source);
  const problems: string[] = [];
  const secrets: SourceSecrets = {
    clickpostWebhookKeys: secretsIn(env, 'CLICKPOST_WEBHOOK_KEYS', problems),
    redoBearerTokens: secretsIn(env, 'REDO_WEBHOOK_TOKENS', problems),
    increffHeader: env.INCREFF_CALLBACK_HEADER.toLowerCase(),
    increffSecrets: secretsIn(env, 'INCREFF_CALLBACK_SECRETS', problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return { env, secrets };
}
