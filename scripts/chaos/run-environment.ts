import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { topicNames } from '@shipfold/contracts';
import { dropDatabase } from '@shipfold/db';
import {
  kafkaClusterBrokers,
  endpoints as localEndpoints,
  privatePostgresUrl,
  stackUp,
  startComponent,
  startKafkaCluster,
  stopKafkaCluster,
} from '@shipfold/devstack';
import { createKafka } from '@shipfold/kafka';
import type { Credentials } from '@shipfold/load-harness';
import { waitFor } from '@shipfold/test-support';
import { type Fleet, type ServiceKind, startFleet } from './fleet';

/**
 * Where a chaos phase runs: the local stack (with the three-node cluster when asked) and the private
 * PostgreSQL; topics and a database of its own, set up by `shipfold setup` as an operator would; the
 * fleet of service processes; and the cleanup that deletes them again.
 */

export const CLICKPOST_ZONE = 'Asia/Kolkata';
export const CREDENTIALS: Credentials = {
  clickpostWebhookKey: 'chaos-clickpost-webhook-key',
  redoBearerToken: 'chaos-redo-token',
  increffHeader: 'x-increff-token',
  increffSecret: 'chaos-increff-secret',
};
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface Target {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  replication: number;
  brokers: { kill: 'kafka' | 'kafka-2'; hang: 'kafka' | 'kafka-3' };
  stop(): Promise<void>;
}

export async function bringUp(brokers: 1 | 3): Promise<Target> {
  await stackUp();
  await startComponent('private-postgres');
  const { schemaRegistryUrl, kafkaBrokers } = localEndpoints();
  if (brokers === 1) {
    return {
      kafkaBrokers,
      schemaRegistryUrl,
      replication: 1,
      brokers: { kill: 'kafka', hang: 'kafka' },
      stop: async () => {},
    };
  }
  await startKafkaCluster();
  return {
    kafkaBrokers: kafkaClusterBrokers,
    schemaRegistryUrl,
    replication: 3,
    brokers: { kill: 'kafka-2', hang: 'kafka-3' },
    stop: () => stopKafkaCluster(),
  };
}

export interface RunEnvironment {
  topicPrefix: string;
  names: ReturnType<typeof topicNames>;
  databaseName: string;
  databaseUrl: string;
  fleet: Fleet;
  /** Stops the fleet, deletes the topics and drops the database. */
  cleanup(): Promise<void>;
}

export async function prepareRun(
  target: Target,
  options: {
    phase: string;
    counts: Record<ServiceKind, number>;
    logDir: string;
    env?: Record<string, string>;
  },
): Promise<RunEnvironment> {
  const id = `${options.phase}-${Date.now().toString(36)}`;
  const topicPrefix = `chaos-${id}`;
  const databaseName = `shipfold_chaos_${id.replaceAll('-', '_')}`;
  const databaseUrl = privatePostgresUrl(databaseName);
  const names = topicNames(topicPrefix);
  const env = {
    KAFKA_BROKERS: target.kafkaBrokers,
    SCHEMA_REGISTRY_URL: target.schemaRegistryUrl,
    DATABASE_URL: databaseUrl,
    TOPIC_PREFIX: topicPrefix,
    TOPIC_PARTITIONS: '6',
    TOPIC_REPLICATION_FACTOR: String(target.replication),
    LOG_LEVEL: 'warn',
  };
  await setup(env);
  const deleteRun = async () => {
    const admin = createKafka({
      brokers: target.kafkaBrokers.split(','),
      clientId: 'chaos-cleanup',
      log: { debug() {}, info() {}, warn() {}, error() {} },
    }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(names) }).finally(() => admin.disconnect());
    await dropDatabase(databaseUrl);
  };
  const fleet = await startFleet({
    counts: options.counts,
    logDir: options.logDir,
    env: {
      ...env,
      CLICKPOST_WEBHOOK_KEYS: CREDENTIALS.clickpostWebhookKey,
      REDO_WEBHOOK_TOKENS: CREDENTIALS.redoBearerToken,
      INCREFF_CALLBACK_HEADER: CREDENTIALS.increffHeader,
      INCREFF_CALLBACK_SECRETS: CREDENTIALS.increffSecret,
      ...options.env,
    },
  });
  const cleanup = async () => {
    await fleet.stop();
    await deleteRun();
  };
  try {
    await waitFor('every instance ready', fleet.allReady, { timeoutMs: 120_000, intervalMs: 500 });
  } catch (error) {
    await cleanup().catch(() => undefined);
    throw error;
  }
  return { topicPrefix, names, databaseName, databaseUrl, fleet, cleanup };
}

/** `shipfold setup` for the phase's topics and database, as an operator runs it. */
async function setup(env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/src/main.ts', 'setup'], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`shipfold setup failed (${code}):\n${output}`);
}
