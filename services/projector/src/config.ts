import {
  databaseEnv,
  httpEnv,
  kafkaEnv,
  loadConfig,
  logEnv,
  registryEnv,
  SessionTimeoutMs,
} from '@shipfold/config';
import { type Static, Type } from '@sinclair/typebox';

export const ProjectorEnv = Type.Object({
  ...kafkaEnv,
  ...registryEnv,
  ...databaseEnv,
  ...logEnv,
  ...httpEnv(8083),
  PROJECTOR_GROUP_ID: Type.String({
    default: '',
    description: 'Kafka consumer group (default: <TOPIC_PREFIX>.projector); positions live in PostgreSQL',
  }),
  PROJECTOR_PARTITIONS_CONCURRENTLY: Type.Integer({ default: 2, minimum: 1, maximum: 64 }),
  PROJECTOR_MAX_BYTES_PER_PARTITION: Type.Integer({
    default: 16 * 1024 * 1024,
    minimum: 64 * 1024,
    maximum: 64 * 1024 * 1024,
    description: 'Largest fetch per partition: the size of one applied batch (one transaction)',
  }),
  PROJECTOR_SESSION_TIMEOUT_MS: SessionTimeoutMs,
  PROJECTOR_DB_POOL_SIZE: Type.Integer({
    default: 4,
    minimum: 1,
    maximum: 64,
    description:
      'PostgreSQL connections: a batch holds one per projection it feeds (shipment events feed two), so partitions concurrently x 2 keeps every transaction from waiting for one',
  }),
});
export type ProjectorEnv = Static<typeof ProjectorEnv>;

export const loadProjectorConfig = (source: Record<string, string | undefined> = process.env): ProjectorEnv =>
  loadConfig(ProjectorEnv, source);

export const groupIdOf = (env: ProjectorEnv): string =>
  env.PROJECTOR_GROUP_ID || `${env.TOPIC_PREFIX}.projector`;

/** Node flags the projector process runs with (see main.ts). */
export const PROJECTOR_NODE_FLAGS = ['--max-semi-space-size=64'] as const;

/**
 * Environment variables the projector process runs with, on top of its caller's (see main.ts):
 * glibc's malloc backs its large blocks with transparent huge pages. A caller's own GLIBC_TUNABLES
 * is left as it is.
 */
export const projectorProcessEnv = (
  env: Record<string, string | undefined> = process.env,
): Record<string, string> => ({ GLIBC_TUNABLES: env.GLIBC_TUNABLES ?? 'glibc.malloc.hugetlb=1' });
