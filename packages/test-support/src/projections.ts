import { randomBytes } from 'node:crypto';
import type { DlqRecord, TopicNames } from '@shipfold/contracts';
import {
  createCodec,
  createKafka,
  createProducer,
  createRegistry,
  type Producer,
  type TopicCodec,
} from '@shipfold/kafka';
import {
  ALL_PROJECTIONS,
  LIVE_SCHEMA,
  PROJECTION_TABLES,
  type Projection,
  projectionProgress,
  remaining,
  type Tables,
  type TopicOffsetSource,
  tablesIn,
} from '@shipfold/projections';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';
import { inject } from 'vitest';
import { waitFor } from './wait-for';

/** Support for tests that feed the projections: topics' producer, caught-up waits, table dumps, metrics. */

/** Kafka, registry codec (schemas registered), producer and admin for one test file's topics. */
export async function kafkaFor(names: TopicNames) {
  const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
  const kafka = createKafka({
    brokers: kafkaBrokers.split(','),
    clientId: `shipfold-test-${randomBytes(3).toString('hex')}`,
  });
  const codec = createCodec(createRegistry(schemaRegistryUrl), names);
  await codec.register();
  const producer = createProducer(kafka);
  await producer.connect();
  const admin = kafka.admin();
  await admin.connect();
  return {
    kafka,
    codec,
    producer,
    admin,
    async close() {
      await producer.disconnect();
      await admin.disconnect();
    },
  };
}

export async function produceRejections(
  producer: Producer,
  codec: TopicCodec,
  names: TopicNames,
  records: DlqRecord[],
) {
  const messages = await Promise.all(
    records.map(async (record) => ({ key: record.deliveryId, value: await codec.encode(names.dlq, record) })),
  );
  await producer.send({ topic: names.dlq, acks: -1, messages });
}

/** Waits until every projection's stored position reached the end of every partition it reads. */
export async function waitCaughtUp(
  admin: TopicOffsetSource,
  pool: Pool,
  names: TopicNames,
  {
    tables = tablesIn(LIVE_SCHEMA),
    projections = ALL_PROJECTIONS,
    timeoutMs = 60_000,
  }: {
    tables?: Tables;
    projections?: readonly Projection[];
    timeoutMs?: number;
  } = {},
): Promise<void> {
  await waitFor(
    'the projections to catch up',
    async () => remaining(await projectionProgress(admin, pool, tables, names, projections)) === 0n,
    { timeoutMs, intervalMs: 100 },
  );
}

/** Every row of the read model, bookkeeping columns left out, in a stable order. */
export async function dumpTables(pool: Pool, schema = LIVE_SCHEMA): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of PROJECTION_TABLES) {
    const { rows } = await pool.query<{ row: unknown }>(
      `SELECT row FROM (SELECT to_jsonb(t) - 'projected_at' - 'version' AS row FROM "${schema}"."${table}" t) r
        ORDER BY row::text COLLATE "C"`,
    );
    dump[table] = rows.map((r) => r.row);
  }
  return dump;
}

export const counter = async (metrics: Registry, name: string, labels: Record<string, string> = {}) => {
  const metric = await metrics.getSingleMetric(name)?.get();
  return (metric?.values ?? [])
    .filter((value) => Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))
    .reduce((sum, value) => sum + value.value, 0);
};
