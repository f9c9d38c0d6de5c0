import type { DlqRecord, RawEnvelope } from '@shipfold/contracts';
import type { OutgoingRecord } from '@shipfold/kafka';
import { describe, expect, it } from 'vitest';
import { createBatchedWriter, RecordTooLarge, recordSize } from '../src/delivery-writer';
import { createProduceBatcher } from '../src/produce-batcher';

const envelope: RawEnvelope = {
  deliveryId: 'd1',
  source: 'clickpost.webhook',
  receivedAt: '2026-01-01T00:00:00.000Z',
  contentType: 'application/json',
  headers: {},
  body: '{}',
  contentSha256: '0'.repeat(64),
  partitionKey: 'clickpost:1:W1',
};

describe('createBatchedWriter', () => {
  it('encodes for the right topic, keys by partition key, and resolves once the batch is written', async () => {
    const sent: OutgoingRecord[][] = [];
    const batcher = createProduceBatcher<OutgoingRecord>({
      sendBatch: async (records) => {
        sent.push(records);
      },
      sizeOf: recordSize,
      lingerMs: 1,
      maxBatchRecords: 10,
      maxBatchBytes: 10_000,
      maxInFlightBatches: 1,
      maxQueuedBytes: 100_000,
      timeoutMs: 1000,
    });
    const encode = async (topic: string, value: unknown) => Buffer.from(`${topic}|${JSON.stringify(value)}`);
    const writer = createBatchedWriter({ raw: 'p.raw.v1', dlq: 'p.dlq.v1' }, encode, batcher, 10_000);
    const rejection: DlqRecord = {
      deliveryId: 'd2',
      stage: 'ingress',
      reason: 'malformed-json',
      detail: 'body is not JSON',
      path: null,
      rejectedAt: '2026-01-01T00:00:00.000Z',
      envelope: { ...envelope, deliveryId: 'd2', partitionKey: 'd2' },
    };
    await Promise.all([writer.writeRaw(envelope), writer.writeDlq(rejection)]);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.map(({ topic, key }) => [topic, key])).toEqual([
      ['p.raw.v1', 'clickpost:1:W1'],
      ['p.dlq.v1', 'd2'],
    ]);
    expect(sent[0]?.[0]?.value.toString()).toBe(`p.raw.v1|${JSON.stringify(envelope)}`);
  });

  it('fails a write whose encoding fails, without sending it', async () => {
    const batcher = createProduceBatcher<OutgoingRecord>({
      sendBatch: async () => {
        throw new Error('must not be called');
      },
      sizeOf: recordSize,
      lingerMs: 0,
      maxBatchRecords: 10,
      maxBatchBytes: 10_000,
      maxInFlightBatches: 1,
      maxQueuedBytes: 100_000,
      timeoutMs: 1000,
    });
    const writer = createBatchedWriter(
      { raw: 'raw', dlq: 'dlq' },
      async () => {
        throw new Error('schema violation');
      },
      batcher,
      10_000,
    );
    await expect(writer.writeRaw(envelope)).rejects.toThrow('schema violation');
    expect(batcher.pending).toBe(0);
  });

  it('refuses a record over the topic limit before sending it', async () => {
    const batcher = createProduceBatcher<OutgoingRecord>({
      sendBatch: async () => {
        throw new Error('must not be called');
      },
      sizeOf: recordSize,
      lingerMs: 0,
      maxBatchRecords: 10,
      maxBatchBytes: 10_000,
      maxInFlightBatches: 1,
      maxQueuedBytes: 100_000,
      timeoutMs: 1000,
    });
    const writer = createBatchedWriter(
      { raw: 'raw', dlq: 'dlq' },
      async () => Buffer.alloc(5000),
      batcher,
      4096,
    );
    const attempt = writer.writeRaw(envelope);
    await expect(attempt).rejects.toBeInstanceOf(RecordTooLarge);
    await expect(attempt).rejects.toMatchObject({ limit: 4096 });
    expect(batcher.pending).toBe(0);
  });
});
