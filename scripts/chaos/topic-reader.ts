import { randomBytes } from 'node:crypto';
import type { TopicNames } from '@shipfold/contracts';
import { createCodec, createKafka, createRegistry } from '@shipfold/kafka';

/**
 * Reads a topic whole, from its first record to the end it had when the read began, decoded through
 * the registry: the checker's view of the raw topic (the system of record) and of the DLQ.
 */
export async function readTopic(options: {
  brokers: string;
  schemaRegistryUrl: string;
  names: TopicNames;
  topic: string;
}): Promise<{ partition: number; value: unknown }[]> {
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const kafka = createKafka({ brokers: options.brokers.split(','), clientId: 'chaos-checker', log: quiet });
  const codec = createCodec(createRegistry(options.schemaRegistryUrl), options.names);
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map(
    (await admin.fetchTopicOffsets(options.topic)).map(({ partition, high }) => [partition, Number(high)]),
  );
  await admin.disconnect();
  const remaining = new Set([...ends].filter(([, high]) => high > 0).map(([partition]) => partition));
  const values: { partition: number; value: unknown }[] = [];
  if (remaining.size === 0) return values;
  const consumer = kafka.consumer({ groupId: `chaos-checker-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachBatch: async ({ batch }) => {
          const end = ends.get(batch.partition) ?? 0;
          for (const message of batch.messages) {
            if (Number(message.offset) >= end) break;
            if (message.value)
              values.push({ partition: batch.partition, value: await codec.decode(message.value) });
          }
          const last = batch.messages.at(-1);
          if (last && Number(last.offset) + 1 >= end) remaining.delete(batch.partition);
          if (remaining.size === 0) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return values;
}
