import { createHash, randomBytes } from 'node:crypto';
import type { RawEnvelope, Source, TopicNames } from '@shipfold/contracts';
import { type ReceivedRecord, readTopics } from '@shipfold/example-consumer';
import { kafkaFor } from '@shipfold/test-support/integration';
import { v7 as uuidv7 } from 'uuid';
import { inject } from 'vitest';
import { loadNormalizerConfig } from '../src/config';
import { createNormalizerService } from '../src/service';

export { fixture } from '@shipfold/test-support';

/** An envelope as the ingress or the poller writes it. */
export function rawEnvelope(source: Source, body: string, headers: Record<string, string> = {}): RawEnvelope {
  const deliveryId = uuidv7();
  return {
    deliveryId,
    source,
    receivedAt: new Date().toISOString(),
    contentType: 'application/json',
    headers,
    body,
    contentSha256: createHash('sha256').update(body, 'utf8').digest('hex'),
    partitionKey: deliveryId,
  };
}

/** Our side of Kafka: the registry codec and a producer of raw records. */
export async function rawProducer(names: TopicNames) {
  const { codec, producer, admin, close } = await kafkaFor(names);
  return {
    admin,
    /** Produces each value (an envelope, or raw bytes that are not one) in order to the raw topic. */
    async produce(values: (RawEnvelope | Buffer)[], partition?: number) {
      const messages = await Promise.all(
        values.map(async (value) => ({
          key: Buffer.isBuffer(value) ? 'poison' : value.partitionKey,
          value: Buffer.isBuffer(value) ? value : await codec.encode(names.raw, value),
          ...(partition === undefined ? {} : { partition }),
        })),
      );
      await producer.send({ topic: names.raw, acks: -1, messages });
    },
    close,
  };
}

/** The normalizer service in-process, as main.ts runs it, on the test's topics. */
export async function startNormalizer(prefix: string) {
  const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
  const normalizer = createNormalizerService(
    loadNormalizerConfig({
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      TOPIC_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'silent',
      NORMALIZER_CHUNK_RECORDS: '3',
    }),
  );
  await normalizer.start();
  const address = normalizer.service.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { normalizer, url: `http://127.0.0.1:${port}` };
}

export type { ReceivedRecord as Received } from '@shipfold/example-consumer';

/**
 * A reader from another team: the consumers' example (plain kafkajs and the registry client with
 * nothing but the registry URL, none of shipfold's code). Collects every record of the topics, decoded.
 */
export async function foreignReader(topics: string[]) {
  const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
  const received: ReceivedRecord[] = [];
  const reader = await readTopics({
    brokers: kafkaBrokers.split(','),
    registryUrl: schemaRegistryUrl,
    topics,
    groupId: `other-team-${randomBytes(4).toString('hex')}`,
    onRecord: (record) => {
      received.push(record);
    },
  });
  return { received, close: () => reader.close() };
}
