import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createPool, dropDatabase } from '@shipfold/db';
import { createRegistry } from '@shipfold/kafka';
import { ALL_PROJECTIONS, readShipments, tablesIn } from '@shipfold/projections';
import { generateHistory, produceEvents, shuffledWithDuplicates } from '@shipfold/test-support';
import {
  dumpTables,
  freshDatabase,
  freshTopics,
  kafkaFor,
  waitCaughtUp,
} from '@shipfold/test-support/integration';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createWireDecoder, rebuild } from '../src/index';
import { startProjector } from './support';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const databases: string[] = [];
let names: Awaited<ReturnType<typeof freshTopics>>['names'];
let prefix: string;
let io: Awaited<ReturnType<typeof kafkaFor>>;

beforeAll(async () => {
  ({ names, prefix } = await freshTopics(3));
  io = await kafkaFor(names);
});

afterAll(async () => {
  await io?.close();
  await Promise.all(databases.map((url) => dropDatabase(url)));
});

const quiet = () => undefined;

describe('rebuild', () => {
  it('replays into fresh tables and switches readers over while the projector and readers carry on', async () => {
    const databaseUrl = await freshDatabase();
    databases.push(databaseUrl);
    const first = generateHistory({ seed: 21, shipments: 150, returnsEvery: 5 }).events;
    await produceEvents(io.producer, io.codec, names, shuffledWithDuplicates(first, 1));
    const live = await startProjector(io.kafka, names, databaseUrl);
    const readerPool = createPool(databaseUrl, { max: 2 });
    try {
      await waitCaughtUp(io.admin, live.pool, names);
      const waybill = (
        first.find((event) => event.type === 'shipment.status-observed') as { waybill: string }
      ).waybill;
      const scansBefore =
        (await readShipments(readerPool, tablesIn('public'), waybill))[0]?.scans.length ?? 0;
      const countBefore = Number((await readerPool.query('SELECT count(*) FROM shipments')).rows[0].count);

      // Readers all along: never an error, never fewer rows than before, the known shipment always whole.
      let reading = true;
      const problems: string[] = [];
      let reads = 0;
      const reader = (async () => {
        while (reading) {
          try {
            const count = Number((await readerPool.query('SELECT count(*) FROM shipments')).rows[0].count);
            if (count < countBefore) problems.push(`shipments: ${count} rows < ${countBefore}`);
            const [shipment] = await readShipments(readerPool, tablesIn('public'), waybill);
            if ((shipment?.scans.length ?? 0) < scansBefore) problems.push(`shipment ${waybill} incomplete`);
            reads++;
          } catch (error) {
            problems.push(String(error));
          }
        }
      })();

      // More events keep arriving while the rebuild runs.
      const second = generateHistory({ seed: 22, shipments: 60, returnsEvery: 5 }).events;
      const producing = produceEvents(io.producer, io.codec, names, second);
      const rebuildPool = createPool(databaseUrl, { max: 4 });
      const progress: bigint[] = [];
      const result = await rebuild({
        kafka: io.kafka,
        decode: createWireDecoder(createRegistry(inject('endpoints').schemaRegistryUrl)),
        pool: rebuildPool,
        names,
        projections: ALL_PROJECTIONS,
        groupIdPrefix: `${prefix}.projector`,
        log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
        onProgress: (done) => progress.push(done),
      }).finally(() => rebuildPool.end());
      await producing;
      await waitCaughtUp(io.admin, live.pool, names);
      reading = false;
      await reader;

      expect(problems).toEqual([]);
      expect(reads).toBeGreaterThan(0);
      expect(result.records).toBeGreaterThan(0n);
      expect(progress.at(-1)).toBe(result.records);
      const { rows: schemas } = await readerPool.query(
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild_%'",
      );
      expect(schemas).toEqual([]);

      // The switched-over tables, kept up to date by the live projector, equal a projection from scratch.
      const rebuilt = await dumpTables(readerPool);
      const referenceUrl = await freshDatabase();
      databases.push(referenceUrl);
      const reference = await startProjector(io.kafka, names, referenceUrl);
      try {
        await waitCaughtUp(io.admin, reference.pool, names);
        expect(rebuilt).toEqual(await dumpTables(reference.pool));
      } finally {
        await reference.stop();
      }
    } finally {
      await readerPool.end();
      await live.stop();
    }
  });

  it('runs as `shipfold rebuild shipments` with a progress display', async () => {
    const databaseUrl = await freshDatabase();
    databases.push(databaseUrl);
    const live = await startProjector(io.kafka, names, databaseUrl);
    try {
      await waitCaughtUp(io.admin, live.pool, names);
    } finally {
      await live.stop();
    }
    const snapshot = createPool(databaseUrl, { max: 1 });
    const before = await dumpTables(snapshot);
    await snapshot.end();
    const { stderr } = await promisify(execFile)('npx', ['shipfold', 'rebuild', 'shipments'], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, TOPIC_PREFIX: prefix, LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
    expect(stderr).toMatch(/rebuild shipments .*100%/);
    expect(stderr).toMatch(/rebuilt shipments: \d+ records replayed/);
    const check = createPool(databaseUrl, { max: 1 });
    try {
      const after = await dumpTables(check);
      expect(after.shipments).toEqual(before.shipments);
      expect(after.shipment_scans).toEqual(before.shipment_scans);
    } finally {
      await check.end();
    }
  }, 180_000);
});
