import type { DomainEvent, TopicNames } from '@shipfold/contracts';
import type { TopicCodec } from '@shipfold/kafka';
import type { Producer } from 'kafkajs';

/** Producing domain events as the normalizer does (registry-encoded, keyed by aggregate). No vitest here: the benchmark uses it too. */

/** The partition key the normalizer uses (packages/normalize/src/aggregate-key.ts). */
function keyOf(event: DomainEvent): string {
  if (event.type === 'shipment.status-observed') return `${event.cpId}:${event.waybill}`;
  if (event.type === 'return.processed') return event.returnReference;
  return event.returnReference ?? event.forwardAwb ?? event.forwardReference ?? event.deliveryId;
}

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
      const topic = event.type === 'shipment.status-observed' ? names.shipmentEvents : names.returnEvents;
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key: keyOf(event), value: await codec.encode(topic, event) });
      byTopic.set(topic, messages);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }
}
