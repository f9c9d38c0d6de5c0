import { randomBytes } from 'node:crypto';
import { waitFor } from '@shipfold/test-support';
import { freshTopics } from '@shipfold/test-support/integration';
import { describe, expect, inject, it } from 'vitest';
import {
  type ConsumerLoopOptions,
  createConsumerLoop,
  createKafka,
  createProducer,
  type Kafka,
} from '../src';

const quiet = () => undefined;
const log = { debug: quiet, info: quiet, warn: quiet, error: quiet };
const failLoudly = (error: unknown) => {
  throw error;
};

/** A client of the test broker, and a fresh one-partition topic set on it. */
async function setUp() {
  const { names } = await freshTopics(1);
  const kafka = createKafka({
    brokers: inject('endpoints').kafkaBrokers.split(','),
    clientId: 'loop-test',
    log,
  });
  return { names, kafka };
}

/** A consumer loop over the raw topic with the test's defaults; each test names what it varies. */
const loopOver = (
  kafka: Kafka,
  topic: string,
  options: Partial<ConsumerLoopOptions> & Pick<ConsumerLoopOptions, 'eachBatch'>,
) =>
  createConsumerLoop({
    kafka,
    groupId: `loop-test-${randomBytes(3).toString('hex')}`,
    topics: [topic],
    fromBeginning: true,
    maxBytesPerPartition: 1024 * 1024,
    sessionTimeoutMs: 10_000,
    partitionsConcurrently: 1,
    log,
    onFatal: failLoudly,
    ...options,
  });

describe('the shared consumer loop', () => {
  it('hands each batch to its handler, which resolves offsets itself; a restarted member goes on from them', async () => {
    const { names, kafka } = await setUp();
    const producer = createProducer(kafka);
    await producer.connect();
    const send = (values: string[]) =>
      producer.send({ topic: names.raw, acks: -1, messages: values.map((value) => ({ key: 'k', value })) });
    await send(['a', 'b', 'c']);
    const groupId = `loop-test-${randomBytes(3).toString('hex')}`;
    const seen: string[] = [];
    const member = () =>
      loopOver(kafka, names.raw, {
        groupId,
        eachBatch: async (batch, { resolveOffset, commitOffsetsIfNecessary }) => {
          for (const message of batch.messages) {
            seen.push(String(message.value));
            resolveOffset(message.offset);
          }
          await commitOffsetsIfNecessary();
        },
      });
    const first = member();
    await first.start();
    await waitFor('the first three records', () => seen.length === 3, { timeoutMs: 30_000 });
    expect(first.isRunning()).toBe(true);
    await first.stop();
    expect(first.isRunning()).toBe(false);

    await send(['d']);
    const second = member();
    await second.start();
    await waitFor('the fourth record', () => seen.length === 4, { timeoutMs: 30_000 });
    await second.stop();
    await producer.disconnect();
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports a crash kafkajs will not restart to onFatal (a session timeout the broker refuses)', async () => {
    const { names, kafka } = await setUp();
    const fatal: unknown[] = [];
    const loop = loopOver(kafka, names.raw, {
      // Below the broker's group.min.session.timeout.ms (6 s): JoinGroup fails with INVALID_SESSION_TIMEOUT.
      sessionTimeoutMs: 1000,
      onFatal: (error) => fatal.push(error),
      eachBatch: async () => undefined,
    });
    await loop.start();
    await waitFor('the fatal crash', () => fatal.length > 0, { timeoutMs: 30_000 });
    await loop.stop();
    expect(String(fatal[0])).toMatch(/session timeout/i);
    expect(loop.isRunning()).toBe(false);
  });

  it('keeps its membership through a batch that takes longer than the session timeout (it beats meanwhile)', async () => {
    const { names, kafka } = await setUp();
    const producer = createProducer(kafka);
    await producer.connect();
    await producer.send({ topic: names.raw, acks: -1, messages: [{ key: 'k', value: 'slow' }] });
    const joins: string[] = [];
    const handled: string[] = [];
    const loop = loopOver(kafka, names.raw, {
      sessionTimeoutMs: 6000,
      log: { ...log, info: (_details, message) => joins.push(message) },
      eachBatch: async (batch, { resolveOffset }) => {
        for (const message of batch.messages) {
          // Longer than the session: without beats the group would drop this member meanwhile.
          if (String(message.value) === 'slow') await new Promise((resolve) => setTimeout(resolve, 9000));
          handled.push(String(message.value));
          resolveOffset(message.offset);
        }
      },
    });
    await loop.start();
    await waitFor('the slow record', () => handled.includes('slow'), { timeoutMs: 30_000 });
    await producer.send({ topic: names.raw, acks: -1, messages: [{ key: 'k', value: 'next' }] });
    await waitFor('the next record', () => handled.includes('next'), { timeoutMs: 30_000 });
    await loop.stop();
    await producer.disconnect();
    expect(handled).toEqual(['slow', 'next']);
    expect(joins.filter((message) => message === 'joined the consumer group')).toHaveLength(1);
    expect(joins).not.toContain('the consumer group is rebalancing');
  }, 60_000);
});
