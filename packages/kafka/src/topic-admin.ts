import type { TopicSpec } from '@shipfold/contracts';
import kafkajs, { type Kafka } from 'kafkajs';

// kafkajs is CommonJS and this enum is not among the exports Node can detect by name.
const { ConfigResourceTypes } = kafkajs;

/**
 * The admin step: creates the declared topics that do not exist yet, with their partitions,
 * replication factor and configs, and brings the declared configs of existing topics up to date
 * (partitions and replication of an existing topic are left as they are). Idempotent.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: TopicSpec[],
): Promise<{ created: string[]; updated: string[] }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.name));
    const present = specs.filter((spec) => existing.has(spec.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor,
          configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
        })),
      });
      await waitForLeaders(admin, missing);
    }
    const updated = await updateConfigs(admin, present);
    return { created: missing.map((spec) => spec.name), updated };
  } finally {
    await admin.disconnect();
  }
}

type Admin = ReturnType<Kafka['admin']>;

/**
 * Waits until every partition of the new topics has a leader. kafkajs' own wait gives up when a broker
 * of a cluster does not know a topic yet ("does not host this topic-partition"), which is only the
 * metadata still travelling: here any error is retried until the deadline.
 */
async function waitForLeaders(admin: Admin, specs: TopicSpec[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const led = await admin
      .fetchTopicMetadata({ topics: specs.map((spec) => spec.name) })
      .then(({ topics }) =>
        specs.every((spec) => {
          const partitions = topics.find((topic) => topic.name === spec.name)?.partitions ?? [];
          return (
            partitions.length === spec.partitions && partitions.every((partition) => partition.leader >= 0)
          );
        }),
      )
      .catch(() => false);
    if (led) return;
    if (Date.now() > deadline) throw new Error(`the new topics have no leaders after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Sets the declared configs where a topic's current value differs; returns the topics changed. */
async function updateConfigs(admin: Admin, specs: TopicSpec[]): Promise<string[]> {
  if (specs.length === 0) return [];
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: specs.map((spec) => ({ type: ConfigResourceTypes.TOPIC, name: spec.name })),
  });
  const stale = specs.filter((spec) => {
    const current = new Map(
      resources
        .find((resource) => resource.resourceName === spec.name)
        ?.configEntries.map((entry) => [entry.configName, entry.configValue]),
    );
    return Object.entries(spec.config).some(([name, value]) => current.get(name) !== value);
  });
  if (stale.length > 0) {
    // Non-incremental alter: the declared configs are the whole of the topic's overrides.
    await admin.alterConfigs({
      validateOnly: false,
      resources: stale.map((spec) => ({
        type: ConfigResourceTypes.TOPIC,
        name: spec.name,
        configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  return stale.map((spec) => spec.name);
}
