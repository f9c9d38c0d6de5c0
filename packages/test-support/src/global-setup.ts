import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { type Endpoints, provideEndpoints } from './endpoints';
import { deleteTopicsOfThisRun, dropDatabasesOfThisRun } from './fresh';

/**
 * Finds the real Kafka, schema registry and PostgreSQL for the integration tests, in this order:
 * 1. services named by KAFKA_BROKERS, SCHEMA_REGISTRY_URL and DATABASE_URL (all three set);
 * 2. containers, when a Docker engine answers (testcontainers);
 * 3. the project's local stack (packages/devstack), started if it is not up.
 * It fails loudly when none can be had: integration tests never skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.SHIPFOLD_TEST_RUN = randomBytes(3).toString('hex');
  const { KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL } = process.env;
  if (KAFKA_BROKERS && SCHEMA_REGISTRY_URL && DATABASE_URL) {
    provideEndpoints(project, {
      kafkaBrokers: KAFKA_BROKERS,
      schemaRegistryUrl: SCHEMA_REGISTRY_URL,
      databaseUrl: DATABASE_URL,
      kind: 'env',
    });
    return () => cleanUp({ kafkaBrokers: KAFKA_BROKERS, databaseUrl: DATABASE_URL });
  }

  const { startContainers, dockerAnswers } = await import('./containers');
  if (await dockerAnswers()) {
    const stack = await startContainers();
    provideEndpoints(project, { ...stack.endpoints, kind: 'containers' });
    return stack.stop;
  }

  const devstack = await import('@shipfold/devstack');
  const wasDown = (await devstack.stackStatus()).filter((component) => !component.up).map(({ name }) => name);
  try {
    await devstack.stackUp();
  } catch (error) {
    throw new Error(
      `Integration tests need Kafka, a schema registry and PostgreSQL: no KAFKA_BROKERS/SCHEMA_REGISTRY_URL/DATABASE_URL, no Docker engine, and the local stack did not start:\n${String(error)}`,
    );
  }
  const endpoints: Endpoints = { ...devstack.endpoints(), kind: 'local-stack' };
  provideEndpoints(project, endpoints);
  // Leave what was already running as we found it; stop what this run started.
  return async () => {
    await cleanUp(endpoints);
    for (const name of wasDown) if (name !== 'postgres') await devstack.stopComponent(name);
  };
}

async function cleanUp({ kafkaBrokers, databaseUrl }: { kafkaBrokers: string; databaseUrl: string }) {
  await deleteTopicsOfThisRun(kafkaBrokers);
  await dropDatabasesOfThisRun(databaseUrl);
}
