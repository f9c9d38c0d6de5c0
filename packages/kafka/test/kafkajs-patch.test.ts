import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/**
 * The patched send of kafkajs (patches/kafkajs+2.2.4.patch), against fakes of its cluster and brokers:
 * when a leader dies mid-send and its partition moves to a broker that already wrote its own, the
 * retry must still write that partition. Unpatched kafkajs skipped the broker that had answered and
 * resolved the send with the partition's records never written (an acknowledged webhook lost, seen on
 * the three-node cluster).
 */

// kafkajs' internals: CommonJS modules without types, reached through require.
const require = createRequire(import.meta.url);
const createSendMessages = require('kafkajs/src/producer/sendMessages') as (options: unknown) => Send;
const createRetry = require('kafkajs/src/retry') as (options: unknown) => unknown;
const { KafkaJSConnectionClosedError } = require('kafkajs/src/errors') as {
  KafkaJSConnectionClosedError: new (message: string, details: object) => Error;
};

type Send = (request: {
  acks: number;
  topicMessages: { topic: string; messages: { key: string; value: string }[] }[];
}) => Promise<{ topicName: string; partition: number }[]>;

interface ProduceCall {
  nodeId: string;
  partitions: { partition: number; keys: string[] }[];
}

const TOPIC = 'raw';

/** Two partitions, led by nodes 1 and 2; the first send to node 2 finds its connection closed. */
function fakeCluster() {
  const leaders = new Map([
    [0, '1'],
    [1, '2'],
  ]);
  const calls: ProduceCall[] = [];
  let node2Failures = 1;
  const broker = (nodeId: string) => ({
    nodeId,
    async produce({
      topicData,
    }: {
      topicData: { partitions: { partition: number; messages: { key: string }[] }[] }[];
    }) {
      const partitions = topicData.flatMap((topic) =>
        topic.partitions.map(({ partition, messages }) => ({ partition, keys: messages.map((m) => m.key) })),
      );
      if (nodeId === '2' && node2Failures-- > 0) {
        throw new KafkaJSConnectionClosedError('Closed connection', { host: 'node-2', port: 9092 });
      }
      calls.push({ nodeId, partitions });
      return {
        topics: [
          {
            topicName: TOPIC,
            partitions: partitions.map(({ partition }) => ({ partition, errorCode: 0, baseOffset: '0' })),
          },
        ],
      };
    },
  });
  const brokers = new Map([
    ['1', broker('1')],
    ['2', broker('2')],
  ]);
  const partitionMetadata = () =>
    [...leaders].map(([partitionId, leader]) => ({ partitionId, leader: Number(leader) }));
  const cluster = {
    targetTopics: new Set([TOPIC]),
    async addMultipleTargetTopics() {},
    async refreshMetadataIfNecessary() {},
    // Node 2 is gone: its partition now has node 1 as leader.
    async refreshMetadata() {
      leaders.set(1, '1');
    },
    isConnected: () => true,
    removeBroker() {},
    findTopicPartitionMetadata: () => partitionMetadata(),
    findLeaderForPartitions(_topic: string, partitions: string[]) {
      const result: Record<string, number[]> = {};
      for (const id of partitions) {
        const leader = leaders.get(Number(id)) as string;
        result[leader] = [...(result[leader] ?? []), Number(id)];
      }
      return result;
    },
    findBroker: async ({ nodeId }: { nodeId: string }) => brokers.get(String(nodeId)),
  };
  return { cluster, calls };
}

const eosManager = {
  isTransactional: () => false,
  acquireBrokerLock: async () => undefined,
  releaseBrokerLock: async () => undefined,
  getSequence: () => 0,
  updateSequence: () => undefined,
  getProducerId: () => -1,
  getProducerEpoch: () => 0,
  getTransactionalId: () => undefined,
};
const silent = { debug() {}, info() {}, warn() {}, error() {} };

describe('kafkajs send, patched', () => {
  it('writes the partition of a dead leader on the broker that took it over, even when that broker already wrote its own', async () => {
    const { cluster, calls } = fakeCluster();
    const send = createSendMessages({
      logger: silent,
      cluster,
      // The key names the partition: a for 0, b for 1.
      partitioner: ({ message }: { message: { key: string } }) => (message.key === 'a' ? 0 : 1),
      eosManager,
      retrier: createRetry({ retries: 3, initialRetryTime: 1, maxRetryTime: 5 }),
    });

    const written = await send({
      acks: -1,
      topicMessages: [
        {
          topic: TOPIC,
          messages: [
            { key: 'a', value: '1' },
            { key: 'b', value: '2' },
          ],
        },
      ],
    });

    // Partition 0 once, by node 1; partition 1, after node 2 failed, by node 1 too, and nothing twice.
    expect(calls).toEqual([
      { nodeId: '1', partitions: [{ partition: 0, keys: ['a'] }] },
      { nodeId: '1', partitions: [{ partition: 1, keys: ['b'] }] },
    ]);
    expect(written.map(({ partition }) => partition).sort()).toEqual([0, 1]);
  });
});
