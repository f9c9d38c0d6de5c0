import { randomBytes } from 'node:crypto';
import { topicNames, topicSpecs } from '@shipfold/contracts';
import kafkajs from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createKafka, ensureTopics } from '../src';

const { ConfigResourceTypes } = kafkajs;
const kafka = createKafka({ brokers: inject('endpoints').kafkaBrokers.split(','), clientId: 'topics-test' });
const admin = kafka.admin();
const names = topicNames(
  `test-${process.env.SHIPFOLD_TEST_RUN ?? 'adhoc'}-${randomBytes(4).toString('hex')}`,
);
const specs = topicSpecs(names, { partitions: 2, replicationFactor: 1 });

afterAll(() => admin.disconnect());

async function configOf(topic: string, name: string): Promise<string | undefined> {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: [name] }],
  });
  return resources[0]?.configEntries.find((entry) => entry.configName === name)?.configValue;
}

describe('ensureTopics', () => {
  it('creates the declared topics with their partitions and configs, then changes nothing', async () => {
    await admin.connect();
    expect(await ensureTopics(kafka, specs)).toEqual({ created: Object.values(names), updated: [] });
    const metadata = await admin.fetchTopicMetadata({ topics: [names.raw] });
    expect(metadata.topics[0]?.partitions).toHaveLength(2);
    expect(await configOf(names.raw, 'retention.ms')).toBe('-1');
    expect(await configOf(names.raw, 'max.message.bytes')).toBe(String(8 * 1024 * 1024));
    expect(await configOf(names.dlq, 'retention.ms')).toBe(String(30 * 24 * 3600 * 1000));
    expect(await ensureTopics(kafka, specs)).toEqual({ created: [], updated: [] });
  });

  it('brings a drifted config back to the declared value', async () => {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: names.shipmentEvents,
          configEntries: [{ name: 'retention.ms', value: '1000' }],
        },
      ],
    });
    expect(await ensureTopics(kafka, specs)).toEqual({ created: [], updated: [names.shipmentEvents] });
    expect(await configOf(names.shipmentEvents, 'retention.ms')).toBe('-1');
  });
});
