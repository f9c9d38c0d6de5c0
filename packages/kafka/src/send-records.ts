import { CompressionTypes, type Message, type Producer } from 'kafkajs';

/** A record on its way to a topic, already encoded. */
export interface OutgoingRecord {
  topic: string;
  key: string;
  value: Buffer;
}

export interface SendOptions {
  /** How long the broker may wait for every in-sync replica (ms; kafkajs' default otherwise). */
  ackTimeoutMs?: number;
  compression?: 'none' | 'gzip';
}

/**
 * One produce request for all the records, acks = all, grouped by topic (kafkajs splits it per
 * partition leader). It resolves only when every partition acknowledged.
 */
export async function sendRecords(
  producer: Pick<Producer, 'sendBatch'>,
  records: readonly OutgoingRecord[],
  { ackTimeoutMs, compression = 'none' }: SendOptions = {},
): Promise<void> {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, key, value } of records) {
    let messages = byTopic.get(topic);
    if (!messages) {
      messages = [];
      byTopic.set(topic, messages);
    }
    messages.push({ key, value });
  }
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    compression: compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
    ...(ackTimeoutMs ? { timeout: ackTimeoutMs } : {}),
  });
}

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

/**
 * Sends the records in order, in produce requests of at most `maxBytes`, and resolves once every one
 * is acknowledged by all in-sync replicas.
 */
export async function sendInRequests(
  producer: Pick<Producer, 'sendBatch'>,
  records: readonly OutgoingRecord[],
  maxBytes: number,
): Promise<void> {
  for (const request of splitBySize(records, maxBytes)) await sendRecords(producer, request);
}
