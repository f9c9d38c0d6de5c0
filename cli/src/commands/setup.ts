import { databaseEnv, kafkaEnv, loadConfig, registryEnv, splitList } from '@shipfold/config';
import { topicNames, topicSpecs } from '@shipfold/contracts';
import { ensureDatabase, migrate } from '@shipfold/db';
import { createCodec, createKafka, createRegistry, ensureTopics } from '@shipfold/kafka';
import { Type } from '@sinclair/typebox';
import { Command } from 'commander';

const SetupConfig = Type.Object({ ...kafkaEnv, ...registryEnv, ...databaseEnv });

/**
 * The admin step, idempotent: the database and its migrations, the topics with their partitions,
 * replication and retention, and the topic contracts in the schema registry.
 */
export async function runSetup(log: (line: string) => void = (line) => console.error(line)): Promise<void> {
  const config = loadConfig(SetupConfig);
  const { created } = await ensureDatabase(config.DATABASE_URL);
  log(created ? 'database: created' : 'database: exists');
  const applied = await migrate(config.DATABASE_URL);
  log(`migrations: ${applied.length} applied${applied.length ? ` (${applied.join(', ')})` : ''}`);

  const names = topicNames(config.TOPIC_PREFIX);
  const kafka = createKafka({
    brokers: splitList(config.KAFKA_BROKERS),
    clientId: `${config.KAFKA_CLIENT_ID}-setup`,
  });
  const specs = topicSpecs(names, {
    partitions: config.TOPIC_PARTITIONS,
    replicationFactor: config.TOPIC_REPLICATION_FACTOR,
  });
  const topics = await ensureTopics(kafka, specs);
  log(`topics: created [${topics.created.join(', ')}], configs updated [${topics.updated.join(', ')}]`);

  const ids = await createCodec(createRegistry(config.SCHEMA_REGISTRY_URL), names).register();
  log(
    `schemas: ${Object.entries(ids)
      .map(([topic, id]) => `${topic}=${id}`)
      .join(', ')}`,
  );
}

export const setupCommand = (): Command =>
  new Command('setup')
    .description(
      'create the database, run migrations, create topics and register the topic schemas (idempotent)',
    )
    .action(async () => {
      await runSetup();
    });
