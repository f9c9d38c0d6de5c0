import type { RawEnvelope, TopicNames } from '@shipfold/contracts';
import { createCodec, createKafka, createRegistry } from '@shipfold/kafka';
import { inject } from 'vitest';

/** Reads the raw topic from the beginning into memory (decoded envelopes with their Kafka keys). */
export async function readRawTopic(names: TopicNames) {
  const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
  const codec = createCodec(createRegistry(schemaRegistryUrl), names);
  const consumer = createKafka({ brokers: kafkaBrokers.split(','), clientId: 'test-reader' }).consumer({
    groupId: `test-reader-${Math.random().toString(16).slice(2)}`,
  });
  const records: { key: string; envelope: RawEnvelope }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: names.raw, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      if (!message.value) return;
      records.push({
        key: String(message.key),
        envelope: (await codec.decode(message.value)) as RawEnvelope,
      });
    },
  });
  return { records, stop: () => consumer.disconnect() };
}
