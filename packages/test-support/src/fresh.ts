import { randomBytes } from 'node:crypto';
import { topicNames, topicSpecs } from '@shipfold/contracts';
import { createPool, dropDatabase, ensureDatabase, migrate } from '@shipfold/db';
import { createKafka, ensureTopics } from '@shipfold/kafka';
import { inject } from 'vitest';

const suffix = () => randomBytes(4).toString('hex');
/** Topics and databases of one test run share a prefix, so the run can delete them at its end. */
const runId = () => process.env.SHIPFOLD_TEST_RUN ?? 'adhoc';
const runPrefix = () => `test-${runId()}-`;
const databasePrefix = () => `shipfold_test_${runId()}_`;

/**
 * A topic prefix no other test uses, with the project's topics created under it: on the test broker,
 * or on the given brokers (a cluster) with the given replication.
 */
export async function freshTopics(
  partitions = 3,
  { brokers = inject('endpoints').kafkaBrokers, replicationFactor = 1 } = {},
) {
  const prefix = `${runPrefix()}${suffix()}`;
  const names = topicNames(prefix);
  const kafka = createKafka({ brokers: brokers.split(','), clientId: 'test-admin' });
  await ensureTopics(kafka, topicSpecs(names, { partitions, replicationFactor }));
  return { prefix, names };
}

/** A new, empty database on the test PostgreSQL server, optionally migrated; returns its URL. */
export async function freshDatabase({ migrated = true }: { migrated?: boolean } = {}): Promise<string> {
  const url = new URL(inject('endpoints').databaseUrl);
  url.pathname = `/${databasePrefix()}${suffix()}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  if (migrated) await migrate(databaseUrl);
  return databaseUrl;
}

/** Deletes the topics this test run created (called by the global teardown). */
export async function deleteTopicsOfThisRun(kafkaBrokers: string): Promise<void> {
  const admin = createKafka({ brokers: kafkaBrokers.split(','), clientId: 'test-cleanup' }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(runPrefix()));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** Drops the databases this test run created (called by the global teardown). */
export async function dropDatabasesOfThisRun(databaseUrl: string): Promise<void> {
  const pool = createPool(databaseUrl, { max: 1 });
  try {
    const { rows } = await pool.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [databasePrefix()],
    );
    for (const { datname } of rows) {
      const url = new URL(databaseUrl);
      url.pathname = `/${datname}`;
      await dropDatabase(url.toString());
    }
  } finally {
    await pool.end();
  }
}
