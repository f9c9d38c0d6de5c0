/**
 * Failover benchmark (`npm run bench:failover`): how long a send waits for Kafka's acknowledgement
 * (acks = all) while one broker of the local three-node cluster is killed (kill -9) or hung
 * (SIGSTOP), with this project's producer (@shipfold/kafka, kafkajs with its patch). The slowest
 * send is what the ingress's acknowledgement wait (INGRESS_ACK_TIMEOUT_MS) must exceed for a broker
 * failure to cost no 503.
 *
 * Per round: 3 s of steady sends (4 senders, one record each), the fault, 12 s, the broker back, 5 s.
 * Before printing, it reads the topic back and checks that every acknowledged record is on it.
 * Starts the cluster if it is not running (leaves it running). Options: --rounds 2.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  freezeComponent,
  kafkaClusterBrokers,
  killComponent,
  startComponent,
  startKafkaCluster,
} from '@shipfold/devstack';
import { createKafka, createProducer, ensureTopics, sendRecords } from '@shipfold/kafka';

const SENDERS = 4;
const ACK_WAIT_MS = 10_000;
const say = (line: string) => process.stdout.write(`${line}\n`);

const { values: options } = parseArgs({ options: { rounds: { type: 'string', default: '2' } } });
const rounds = Number(options.rounds);

interface Send {
  key: string;
  startedMs: number;
  waitedMs: number;
  ok: boolean;
}

/** Sends one record at a time per sender until stopped; every send and how long it waited. */
function sendContinuously(send: (key: string) => Promise<void>) {
  const sends: Send[] = [];
  let sending = true;
  let next = 0;
  const senders = Array.from({ length: SENDERS }, async () => {
    while (sending) {
      const key = `k${next++}`;
      const startedMs = performance.now();
      const ok = await send(key).then(
        () => true,
        () => false,
      );
      sends.push({ key, startedMs, waitedMs: performance.now() - startedMs, ok });
    }
  });
  return {
    sends,
    async stop() {
      sending = false;
      await Promise.all(senders);
    },
  };
}

/** Every key on the topic, read from the beginning until `expected` were seen (or 60 s). */
async function keysOnTopic(topic: string, expected: number): Promise<Set<string>> {
  const kafka = createKafka({ brokers: kafkaClusterBrokers.split(','), clientId: 'bench-failover-reader' });
  const consumer = kafka.consumer({ groupId: `bench-failover-${randomBytes(4).toString('hex')}` });
  const keys = new Set<string>();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      keys.add(String(message.key));
    },
  });
  const deadline = Date.now() + 60_000;
  while (keys.size < expected && Date.now() < deadline) await sleep(200);
  await consumer.disconnect();
  return keys;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  say('starting the three-node cluster (if it is not running)…');
  await startKafkaCluster();
  const kafka = createKafka({ brokers: kafkaClusterBrokers.split(','), clientId: 'bench-failover' });
  const topic = `bench-failover-${randomBytes(4).toString('hex')}`;
  await ensureTopics(kafka, [
    { name: topic, partitions: 6, replicationFactor: 3, config: { 'min.insync.replicas': '2' } },
  ]);
  const producer = createProducer(kafka);
  await producer.connect();
  const traffic = sendContinuously((key) =>
    sendRecords(producer, [{ topic, key, value: Buffer.from(key) }], { ackTimeoutMs: ACK_WAIT_MS }),
  );

  const windows: { fault: string; round: number; fromMs: number; toMs: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const fault of ['kill -9', 'SIGSTOP'] as const) {
      const node = fault === 'kill -9' ? 'kafka-2' : 'kafka-3';
      await sleep(3000);
      const fromMs = performance.now();
      say(`round ${round}: ${fault} ${node}`);
      if (fault === 'kill -9') await killComponent(node);
      else await freezeComponent(node, true);
      await sleep(12_000);
      if (fault === 'kill -9') await startComponent(node);
      else await freezeComponent(node, false);
      await sleep(5000);
      windows.push({ fault, round, fromMs, toMs: performance.now() });
    }
  }
  await traffic.stop();
  await producer.disconnect();

  const acked = traffic.sends.filter((send) => send.ok);
  const onTopic = await keysOnTopic(topic, acked.length);
  const missing = acked.filter((send) => !onTopic.has(send.key));
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  if (missing.length > 0) {
    throw new Error(
      `${missing.length} acknowledged records are not on the topic (first: ${missing[0]?.key})`,
    );
  }

  say(
    `\n${acked.length} sends acknowledged, all of them read back from the topic; ${SENDERS} senders, acks = all`,
  );
  say('fault    round  sends  failed  slowest  over 5 s');
  for (const { fault, round, fromMs, toMs } of windows) {
    const during = traffic.sends.filter((send) => send.startedMs >= fromMs - 1000 && send.startedMs < toMs);
    const slowest = Math.max(...during.map((send) => send.waitedMs));
    const failed = during.filter((send) => !send.ok).length;
    const over5 = during.filter((send) => send.waitedMs > 5000).length;
    say(
      `${fault.padEnd(8)} ${String(round).padStart(5)}  ${String(during.length).padStart(5)}  ${String(failed).padStart(6)}  ${seconds(slowest).padStart(7)}  ${String(over5).padStart(8)}`,
    );
  }
  say(`\nthe ingress waits ${seconds(ACK_WAIT_MS)} (INGRESS_ACK_TIMEOUT_MS) before a 503`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
