import { CompressionTypes, type Producer, type TopicMessages } from 'kafkajs';
import type { OutgoingRecord } from './delivery-writer';

/**
 * One produce request for a whole batch, acks = all, records grouped by topic; kafkajs splits
 * it per partition leader. It resolves only when every partition acknowledged.
 */
export function kafkaSendBatch(
  producer: Producer,
  ackTimeoutMs: number,
  compression: 'none' | 'gzip' = 'none',
) {
  const codec = compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  return async (records: OutgoingRecord[]): Promise<void> => {
    const byTopic = new Map<string, TopicMessages>();
    for (const { topic, key, value } of records) {
      let entry = byTopic.get(topic);
      if (!entry) {
        entry = { topic, messages: [] };
        byTopic.set(topic, entry);
      }
      entry.messages.push({ key, value });
    }
    await producer.sendBatch({
      topicMessages: [...byTopic.values()],
      acks: -1,
      timeout: ackTimeoutMs,
      compression: codec,
    });
  };
}
