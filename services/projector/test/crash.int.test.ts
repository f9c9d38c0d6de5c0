import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createPool, dropDatabase } from '@shipfold/db';
import { ALL_PROJECTIONS, projectionProgress, remaining, tablesIn } from '@shipfold/projections';
import {
  generateHistory,
  produceEvents,
  random,
  shuffledWithDuplicates,
  waitFor,
} from '@shipfold/test-support';
import {
  dumpTables,
  freshDatabase,
  freshTopics,
  kafkaFor,
  waitCaughtUp,
} from '@shipfold/test-support/integration';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startProjector } from './support';

/**
 * Exactly-once effect under crashes: the projector process is SIGKILLed again and again while it
 * consumes (small fetches, so kills land between and inside many transactions), restarted each time,
 * and the tables it ends with equal those of an undisturbed run over the same topics.
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const children = new Set<ChildProcess>();
const databases: string[] = [];

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(databases.map((url) => dropDatabase(url)));
});

function spawnProjector(databaseUrl: string, prefix: string): ChildProcess {
  const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
  const child = spawn(process.execPath, ['--import', 'tsx', 'services/projector/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      DATABASE_URL: databaseUrl,
      TOPIC_PREFIX: prefix,
      PROJECTOR_GROUP_ID: `${prefix}.crash`,
      // Small batches: many transactions for the kills to interrupt.
      PROJECTOR_MAX_BYTES_PER_PARTITION: String(64 * 1024),
      // A killed member holds its partitions for the session timeout: keep that short here.
      PROJECTOR_SESSION_TIMEOUT_MS: '6000',
      PORT: '0',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

describe('projector crashes', () => {
  it('SIGKILLed repeatedly while consuming, it ends with the tables of an undisturbed run', async () => {
    const { names, prefix } = await freshTopics(3);
    const io = await kafkaFor(names);
    const crashedUrl = await freshDatabase();
    const referenceUrl = await freshDatabase();
    databases.push(crashedUrl, referenceUrl);
    const pool = createPool(crashedUrl, { max: 2 });
    try {
      const history = generateHistory({ seed: 31, shipments: 2500, returnsEvery: 5 }).events;
      const deliveries = shuffledWithDuplicates(history, 32, 0.1);
      const half = Math.floor(deliveries.length / 2);
      await produceEvents(io.producer, io.codec, names, deliveries.slice(0, half));

      const applied = async () => {
        const progress = await projectionProgress(io.admin, pool, tablesIn('public'), names, ALL_PROJECTIONS);
        return { left: remaining(progress), done: progress.reduce((sum, entry) => sum + entry.position, 0n) };
      };
      const next = random(33);
      let kills = 0;
      for (let round = 0; round < 6; round++) {
        const before = (await applied().catch(() => ({ done: 0n }))).done;
        const child = spawnProjector(crashedUrl, prefix);
        // Kill only once it is consuming: some batches committed since this start, more to come.
        await waitFor('the projector to commit batches', async () => (await applied()).done > before, {
          timeoutMs: 60_000,
        });
        await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 400)));
        if ((await applied()).left === 0n) {
          child.kill('SIGTERM');
          await once(child, 'exit');
          break;
        }
        child.kill('SIGKILL');
        await once(child, 'exit');
        kills++;
        // The second half arrives while the projector keeps crashing.
        if (round === 1) await produceEvents(io.producer, io.codec, names, deliveries.slice(half));
      }
      expect(kills).toBeGreaterThanOrEqual(3);

      const last = spawnProjector(crashedUrl, prefix);
      await waitFor('the restarted projector to catch up', async () => (await applied()).left === 0n, {
        timeoutMs: 120_000,
      });
      last.kill('SIGTERM');
      await once(last, 'exit');

      const reference = await startProjector(io.kafka, names, referenceUrl);
      try {
        await waitCaughtUp(io.admin, reference.pool, names, { timeoutMs: 120_000 });
        const crashed = await dumpTables(pool);
        const undisturbed = await dumpTables(reference.pool);
        expect(crashed.shipment_scans?.length).toBeGreaterThan(10_000);
        expect(crashed).toEqual(undisturbed);
        const positions =
          'SELECT projection, topic, partition, next_offset FROM projector_positions ORDER BY 1, 2, 3';
        expect((await pool.query(positions)).rows).toEqual((await reference.pool.query(positions)).rows);
      } finally {
        await reference.stop();
      }
    } finally {
      await pool.end();
      await io.close();
    }
  }, 300_000);
});
