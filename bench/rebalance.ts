/**
 * Rebalance benchmark (`npm run bench:rebalance`): how long a consumer group's partitions stay
 * without a reader when one member goes away, per session timeout, measured on this machine.
 *
 * For each session timeout it runs two projector processes (services/projector/src/main.ts) in one
 * group on a fresh 6-partition topic set and a fresh database, waits until both hold partitions, then
 * ends one of them, and times until the group is stable again with the survivor holding every
 * partition, by asking the broker (describe group):
 *   - `kill -9`: the member cannot leave; the broker notices after the session timeout;
 *   - `SIGTERM`: the member leaves the group on its way out; the rest rebalance at once.
 * It checks what it measured (the survivor really holds all partitions) before printing a figure.
 * Needs the local stack (or KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL).
 * Options: --timeouts 30000,10000,6000 (session timeouts in ms).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { topicNames, topicSpecs } from '@shipfold/contracts';
import { dropDatabase, ensureDatabase } from '@shipfold/db';
import { type Admin, createKafka, ensureTopics } from '@shipfold/kafka';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const REGISTRY = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/shipfold';
const PARTITIONS = 6;
const WAIT_LIMIT_MS = 120_000;
const say = (line: string) => process.stdout.write(`${line}\n`);

const { values: options } = parseArgs({
  options: { timeouts: { type: 'string', default: '30000,10000,6000' } },
});

/** The group's members and how many partitions each holds, as the broker says now. */
async function membersOf(admin: Admin, groupId: string): Promise<{ state: string; partitions: number[] }> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  if (!group) return { state: 'Dead', partitions: [] };
  // A member's assignment (consumer protocol v0): version, then [topic, [partition]] arrays.
  const partitions = group.members.map(({ memberAssignment }) => {
    if (memberAssignment.length < 6) return 0;
    let offset = 2;
    let count = 0;
    const topics = memberAssignment.readInt32BE(offset);
    offset += 4;
    for (let t = 0; t < topics; t++) {
      offset += 2 + memberAssignment.readInt16BE(offset);
      const n = memberAssignment.readInt32BE(offset);
      offset += 4 + 4 * n;
      count += n;
    }
    return count;
  });
  return { state: group.state, partitions };
}

async function waitUntil(what: string, condition: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > WAIT_LIMIT_MS) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

async function measure(sessionTimeoutMs: number, how: 'SIGKILL' | 'SIGTERM'): Promise<number> {
  const suffix = randomBytes(3).toString('hex');
  const prefix = `bench-rebalance-${suffix}`;
  const names = topicNames(prefix);
  const kafka = createKafka({ brokers: BROKERS.split(','), clientId: 'bench-rebalance' });
  await ensureTopics(kafka, topicSpecs(names, { partitions: PARTITIONS, replicationFactor: 1 }));
  const url = new URL(SERVER);
  url.pathname = `/shipfold_bench_rebalance_${suffix}`;
  const databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `${prefix}.projector`;
  const children: ChildProcess[] = [];
  const start = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'services/projector/src/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        KAFKA_BROKERS: BROKERS,
        SCHEMA_REGISTRY_URL: REGISTRY,
        DATABASE_URL: databaseUrl,
        TOPIC_PREFIX: prefix,
        PROJECTOR_SESSION_TIMEOUT_MS: String(sessionTimeoutMs),
        PORT: '0',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };
  try {
    const [first] = [start(), start()];
    // Both members hold partitions of all three topics: 3 × 6 split between them.
    await waitUntil('both members to hold partitions', async () => {
      const group = await membersOf(admin, groupId);
      return (
        group.state === 'Stable' && group.partitions.length === 2 && group.partitions.every((n) => n > 0)
      );
    });
    const ended = Date.now();
    first?.kill(how);
    await waitUntil('the survivor to hold every partition', async () => {
      const group = await membersOf(admin, groupId);
      return (
        group.state === 'Stable' && group.partitions.length === 1 && group.partitions[0] === 3 * PARTITIONS
      );
    });
    return Date.now() - ended;
  } finally {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    await admin.deleteTopics({ topics: Object.values(names) }).catch(() => undefined);
    await admin.disconnect();
    await dropDatabase(databaseUrl);
  }
}

async function main(): Promise<void> {
  const timeouts = String(options.timeouts).split(',').map(Number);
  say(
    'rebalance benchmark: 2 projector processes, 3 topics × 6 partitions; time until the survivor holds all 18',
  );
  for (const sessionTimeoutMs of timeouts) {
    const killed = await measure(sessionTimeoutMs, 'SIGKILL');
    const left = await measure(sessionTimeoutMs, 'SIGTERM');
    say(
      `session timeout ${(sessionTimeoutMs / 1000).toFixed(0).padStart(3)} s: ` +
        `kill -9 → ${(killed / 1000).toFixed(1)} s without a reader; SIGTERM (leaves the group) → ${(left / 1000).toFixed(1)} s`,
    );
  }
}

await main();
