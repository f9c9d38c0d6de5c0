import { PassThrough } from 'node:stream';
import type { TopicNames } from '@shipfold/contracts';
import { createCodec, createKafka, createRegistry } from '@shipfold/kafka';
import { waitFor } from '@shipfold/test-support';
import { freshTopics } from '@shipfold/test-support/integration';
import { inject } from 'vitest';
import { loadIngressConfig } from '../src/config';
import { createIngress, type Ingress } from '../src/service';
import { SECRETS } from './test-app';

export interface ReadRecord {
  topic: string;
  key: string;
  value: Record<string, unknown>;
}

/** An ingress on a random port over fresh topics, with the secrets of the unit tests; ready. */
export async function startIngress(env: Record<string, string> = {}) {
  const { names, prefix } = await freshTopics();
  const endpoints = inject('endpoints');
  const logs = new PassThrough();
  const logLines: string[] = [];
  logs.on('data', (chunk: Buffer) => logLines.push(...chunk.toString().split('\n').filter(Boolean)));
  const ingress: Ingress = createIngress(
    loadIngressConfig({
      KAFKA_BROKERS: endpoints.kafkaBrokers,
      SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
      TOPIC_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'info',
      CLICKPOST_WEBHOOK_KEYS: SECRETS.clickpostWebhookKeys.join(','),
      REDO_WEBHOOK_TOKENS: SECRETS.redoBearerTokens.join(','),
      INCREFF_CALLBACK_HEADER: SECRETS.increffHeader,
      INCREFF_CALLBACK_SECRETS: SECRETS.increffSecrets.join(','),
      ...env,
    }),
    { logStream: logs },
  );
  const address = await ingress.start();
  await waitFor('ingress ready', () => ingress.isReady());
  return { ingress, address, names, logLines };
}

/**
 * Reads `topics` from the beginning with a new consumer group until `done` holds for what was
 * read (values decoded through the registry), then disconnects.
 */
export async function readTopics(
  names: TopicNames,
  topics: string[],
  done: (records: ReadRecord[]) => boolean,
  timeoutMs = 30_000,
): Promise<ReadRecord[]> {
  const endpoints = inject('endpoints');
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers.split(','), clientId: 'ingress-test-reader' });
  const codec = createCodec(createRegistry(endpoints.schemaRegistryUrl), names);
  const consumer = kafka.consumer({ groupId: `ingress-test-${Math.random().toString(36).slice(2)}` });
  const records: ReadRecord[] = [];
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        records.push({
          topic,
          key: message.key?.toString('utf8') ?? '',
          value: (await codec.decode(message.value as Buffer)) as Record<string, unknown>,
        });
      },
    });
    await waitFor(`records on ${topics.join(', ')}`, () => done(records), { timeoutMs });
    return records;
  } finally {
    await consumer.disconnect();
  }
}
