import type { DlqRecord, RawEnvelope, TopicNames } from '@shipfold/contracts';
import type { OutgoingRecord } from '@shipfold/kafka';
import type { ProduceBatcher } from './produce-batcher';

/**
 * Where accepted deliveries go. Each write resolves only once the record is durably written
 * (Kafka acknowledged it with acks = all); a rejection means it may not be, and the sender must
 * be told to retry, except for a {@link RecordTooLarge}, which no retry can fix.
 */
export interface DeliveryWriter {
  writeRaw(envelope: RawEnvelope): Promise<void>;
  writeDlq(record: DlqRecord): Promise<void>;
}

/** One Kafka record, already encoded. */

/** Encodes a value for a topic (the schema registry codec: validation plus Confluent framing). */
export type Encode = (topic: string, value: unknown) => Promise<Buffer>;

/**
 * The encoded record is over what the topic accepts (Kafka's max.message.bytes). Kafka would
 * refuse it on every retry, so the sender is told at once instead of being asked to retry.
 */
export class RecordTooLarge extends Error {
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`encoded record of ${bytes} bytes exceeds the topic's limit of ${limit} bytes`);
    this.name = 'RecordTooLarge';
  }
}

/** Kafka counts a record's key and value (plus some framing) against its size limits. */
export const recordSize = (record: OutgoingRecord): number =>
  Buffer.byteLength(record.key) + record.value.length + 64;

/** A writer that encodes each record and hands it to the batcher, which shares produce requests. */
export function createBatchedWriter(
  topics: Pick<TopicNames, 'raw' | 'dlq'>,
  encode: Encode,
  batcher: ProduceBatcher<OutgoingRecord>,
  maxRecordBytes: number,
): DeliveryWriter {
  const write = async (topic: string, key: string, value: unknown): Promise<void> => {
    const record = { topic, key, value: await encode(topic, value) };
    const bytes = recordSize(record);
    if (bytes > maxRecordBytes) throw new RecordTooLarge(bytes, maxRecordBytes);
    await batcher.submit(record);
  };
  return {
    writeRaw: (envelope) => write(topics.raw, envelope.partitionKey, envelope),
    writeDlq: (record) => write(topics.dlq, record.envelope.partitionKey, record),
  };
}
