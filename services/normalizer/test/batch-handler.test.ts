import { type RawEnvelope, topicNames } from '@shipfold/contracts';
import type { ConsumedMessage } from '@shipfold/kafka';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { batchHandler } from '../src/batch-handler';
import { createNormalizerMetrics } from '../src/metrics';
import { fixture, rawEnvelope } from './support';

const names = topicNames('t');
const quiet = { debug: () => undefined, error: () => undefined };

/** Raw records whose "wire format" is plain JSON: the registry is not what these tests are about. */
const message = (offset: number, value: RawEnvelope | null): ConsumedMessage =>
  ({
    offset: String(offset),
    key: null,
    value: value && Buffer.from(JSON.stringify(value)),
  }) as ConsumedMessage;

function harness(sendBatch: () => Promise<unknown>) {
  const journal: string[] = [];
  const handler = batchHandler({
    producer: {
      sendBatch: async (request) => {
        journal.push(`send ${request.topicMessages?.flatMap((t) => t.messages).length}`);
        await sendBatch();
        journal.push('acked');
        return [];
      },
    },
    decode: async (buffer) => JSON.parse(buffer.toString()),
    encode: async (_topic, value) => Buffer.from(JSON.stringify(value)),
    names,
    normalizeOptions: { clickpostZone: 'Asia/Kolkata' },
    chunkRecords: 2,
    sendMaxBytes: 900_000,
    metrics: createNormalizerMetrics(new Registry()),
    log: quiet,
  });
  const run = (messages: ConsumedMessage[]) =>
    handler({ topic: names.raw, partition: 0, messages } as never, {
      resolveOffset: (offset) => journal.push(`resolve ${offset}`),
      heartbeat: async () => undefined,
      commitOffsetsIfNecessary: async () => undefined,
      isActive: () => true,
      seek: () => undefined,
    });
  return { journal, run };
}

const webhook = () =>
  rawEnvelope('clickpost.webhook', fixture('clickpost/clickpost_webhook_all-events-ofd_2.json'));

describe('batch handler', () => {
  it('resolves a chunk’s offsets only after its records are acknowledged, chunk by chunk', async () => {
    const { journal, run } = harness(async () => undefined);
    await run([
      message(10, webhook()),
      message(11, rawEnvelope('clickpost.webhook', 'not json')),
      message(12, webhook()),
    ]);
    expect(journal).toEqual(['send 2', 'acked', 'resolve 11', 'send 1', 'acked', 'resolve 12']);
  });

  it('a failed produce resolves nothing and propagates, so the batch is retried', async () => {
    const { journal, run } = harness(async () => {
      throw new Error('KafkaJSNumberOfRetriesExceeded');
    });
    await expect(run([message(10, webhook())])).rejects.toThrow('KafkaJSNumberOfRetriesExceeded');
    expect(journal).toEqual(['send 1']);
  });

  it('poison (no value, not an envelope) is skipped and resolved with its chunk', async () => {
    const { journal, run } = harness(async () => undefined);
    await run([message(5, null), message(6, { nope: true } as never)]);
    expect(journal).toEqual(['resolve 6']);
  });
});
