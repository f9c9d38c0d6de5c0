import type { Message, Producer } from 'kafkajs';
import type { Encoded } from './encode';

/** Rough per-record overhead of Kafka's record format, on top of key and value. */
const RECORD_OVERHEAD = 70;

/**
 * Splits records into produce requests of at most `maxBytes` (in order; a record bigger than the bound
 * travels alone), so no request exceeds the broker's max.message.bytes however many events a chunk of
 * raw records yields.
 */
export function splitBySize<T extends { key: string; value: Buffer }>(
  records: readonly T[],
  maxBytes: number,
): T[][] {
  const requests: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = Buffer.byteLength(record.key) + record.value.length + RECORD_OVERHEAD;
    if (current.length > 0 && bytes + size > maxBytes) {
      requests.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/** Sends the records and resolves once every one is acknowledged by all in-sync replicas. */
export async function sendAll(
  producer: Pick<Producer, 'sendBatch'>,
  records: readonly Encoded[],
  maxBytes: number,
): Promise<void> {
  for (const request of splitBySize(records, maxBytes)) {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, key, value } of request) {
      const messages = byTopic.get(topic) ?? [];
      messages.push({ key, value });
      byTopic.set(topic, messages);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }
}
