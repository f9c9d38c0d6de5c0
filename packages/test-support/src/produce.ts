import type { DomainEvent, TopicNames } from '@shipfold/contracts';
import type { Producer, TopicCodec } from '@shipfold/kafka';
import { aggregateKey, topicOf } from '@shipfold/mapping';

/** Producing domain events as the normalizer does (registry-encoded, keyed by aggregate). No vitest here: the benchmark uses it too. */

export async function produceEvents(
  producer: Producer,
  codec: TopicCodec,
  names: TopicNames,
  events: readonly DomainEvent[],
): Promise<void> {
  for (let start = 0; start < events.length; start += 1000) {
    const chunk = events.slice(start, start + 1000);
    const byTopic = new Map<string, { key: string; value: Buffer }[]>();
    for (const event of chunk) {
      const topic = topicOf(event, names);
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: aggregateKey(event), value: await codec.encode(topic, event) });
      byTopic.set(topic, messages);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }
}
