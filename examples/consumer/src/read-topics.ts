import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';

/**
 * A reader from another team: plain kafkajs and the registry client with nothing but the broker
 * addresses and the registry URL, none of shipfold's code. Every value on shipfold's topics is in the
 * Confluent wire format, so the registry client decodes it by the schema id it carries.
 */

export interface ReceivedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: unknown;
}

export interface TopicReaderOptions {
  brokers: string[];
  registryUrl: string;
  topics: string[];
  /** A consumer group of your own; a fresh one reads the topics from their beginning. */
  groupId: string;
  onRecord(record: ReceivedRecord): void | Promise<void>;
}

/** Starts reading; resolves once the consumer runs, with a function that stops it. */
export async function readTopics(options: TopicReaderOptions): Promise<{ close(): Promise<void> }> {
  const kafka = new Kafka({ brokers: options.brokers, clientId: options.groupId, logLevel: logLevel.ERROR });
  const registry = new SchemaRegistry({ host: options.registryUrl });
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (message.value === null) return;
      await options.onRecord({
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? null,
        value: await registry.decode(message.value),
      });
    },
  });
  return { close: () => consumer.disconnect() };
}
