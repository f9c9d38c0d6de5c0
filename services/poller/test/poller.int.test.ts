import { ClickpostAuthenticationError, ClickpostClient } from '@shipfold/clickpost';
import { ClickpostSimulator } from '@shipfold/clickpost-simulator';
import { TRACK_ORDER_CP_ID_HEADER } from '@shipfold/contracts';
import { createPool, type Pool } from '@shipfold/db';
import { waitFor } from '@shipfold/test-support';
import { freshDatabase, freshTopics, readRawTopic } from '@shipfold/test-support/integration';
import {
  createRegistrar,
  pgCheckpointStore,
  pgTrackCandidateSource,
  registrationOf,
} from '@shipfold/tracking-state';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPollerService, loadPollerConfig, RETURNS_DELTA_STREAM } from '../src/index';

const HOUR = 3_600_000;
const KEY = 'poller-int-test-key';

let databaseUrl: string;
let pool: Pool;
let simulator: ClickpostSimulator;
let baseUrl: string;

beforeAll(async () => {
  databaseUrl = await freshDatabase();
  pool = createPool(databaseUrl, { max: 4 });
  simulator = new ClickpostSimulator({
    seed: 'poller-int',
    key: KEY,
    world: { shipments: 30, returnRate: 0.7 },
  });
  baseUrl = await simulator.listen();
});
afterAll(async () => {
  await simulator?.close();
  await pool?.end();
});

describe('checkpoints in PostgreSQL', () => {
  it('one cycle at a time per stream; the position moves only when the cycle succeeds, never back', async () => {
    const store = pgCheckpointStore(pool);
    let release: (value: number) => void = () => {};
    const held = new Promise<number>((resolve) => {
      release = resolve;
    });
    let entered = false;
    const first = store.withCheckpoint(
      'test-stream',
      () => 1_000_000,
      async (position) => {
        entered = true;
        expect(position).toBe(1_000_000);
        return { advanceTo: await held, value: 'first' };
      },
    );
    await waitFor('the first cycle to hold the row', () => entered);
    const second = await store.withCheckpoint(
      'test-stream',
      () => 0,
      async () => ({ advanceTo: 5, value: 'second' }),
    );
    expect(second).toEqual({ kind: 'locked' });
    release(2_000_000);
    expect(await first).toEqual({ kind: 'done', value: 'first' });
    expect(await store.position('test-stream')).toBe(2_000_000);

    await expect(
      store.withCheckpoint(
        'test-stream',
        () => 0,
        async () => {
          throw new Error('kafka down');
        },
      ),
    ).rejects.toThrow('kafka down');
    expect(await store.position('test-stream')).toBe(2_000_000);

    await store.withCheckpoint(
      'test-stream',
      () => 0,
      async () => ({ advanceTo: 1_500_000, value: null }),
    );
    expect(await store.position('test-stream')).toBe(2_000_000);
  });
});

/**
 * Inserts a row into one of the projector's tables (issue 5, still evolving): the columns named, and a
 * placeholder for every other NOT NULL column without a default, so the test survives added columns.
 */
async function insertRow(db: Pool, table: string, values: Record<string, unknown>): Promise<void> {
  const { rows } = await db.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name = $1 AND is_nullable = 'NO' AND column_default IS NULL`,
    [table],
  );
  const placeholders: Record<string, unknown> = {
    text: 'x',
    integer: 0,
    bigint: 0,
    boolean: false,
    'timestamp with time zone': new Date(0),
    ARRAY: '{}',
    jsonb: '{}',
  };
  const row: Record<string, unknown> = {};
  for (const { column_name, data_type } of rows) row[column_name] = placeholders[data_type] ?? 'x';
  Object.assign(row, values);
  const columns = Object.keys(row);
  await db.query(
    `INSERT INTO ${table} (${columns.map((column) => `"${column}"`).join(', ')})
     VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`,
    Object.values(row),
  );
}

describe('track-order candidates from the read model', () => {
  const now = Date.parse('2024-06-01T12:00:00Z');
  const ago = (ms: number) => new Date(now - ms);
  const rules = { quietMs: 6 * HOUR, repollMs: HOUR, confirmTerminal: true, limit: 100 };

  beforeAll(async () => {
    const shipment = (waybill: string, terminal: boolean, lastScan: Date) =>
      insertRow(pool, 'shipments', {
        waybill,
        cp_id: 4,
        status_code: terminal ? 8 : 5,
        is_terminal: terminal,
        last_scan_at: lastScan,
      });
    await shipment('QUIET', false, ago(10 * HOUR));
    await shipment('BUSY', false, ago(HOUR));
    await shipment('ENDED', true, ago(10 * HOUR));
    await shipment('CONFIRMED', true, ago(10 * HOUR));
    await shipment('RECENTLY-POLLED', false, ago(10 * HOUR));
    await shipment('UNTRACKED', false, ago(10 * HOUR));
    await pool.query(
      `INSERT INTO poller_track_polls (waybill, cp_id, polled_at, polled_terminal) VALUES
       ('CONFIRMED', 4, $1, true), ('RECENTLY-POLLED', 4, $2, false)`,
      [ago(2 * HOUR), ago(10 * 60_000)],
    );
    await pool.query(
      `INSERT INTO clickpost_registrations (waybill, cp_id, state, registered_at) VALUES
       ('REGISTERED-ONLY', 6, 'registered', $1), ('REGISTERED-NEW', 6, 'registered', $2), ('UNTRACKED', 4, 'unregistered', $1)`,
      [ago(7 * HOUR), ago(HOUR)],
    );
    await insertRow(pool, 'return_orders', { id: 'r1', return_awb: 'PICKUP-1', cp_id: 25 });
    await insertRow(pool, 'return_orders', { id: 'r2', return_awb: null, cp_id: -1 });
  });

  it('chooses quiet unfinished shipments, ended ones never confirmed, registered and pickup waybills', async () => {
    const source = pgTrackCandidateSource(pool);
    const due = await source.due(rules, now);
    expect(due.map((candidate) => `${candidate.cpId}:${candidate.waybill}`).sort()).toEqual(
      ['25:PICKUP-1', '4:ENDED', '4:QUIET', '6:REGISTERED-ONLY'].sort(),
    );
    expect(
      (await source.due({ ...rules, confirmTerminal: false }, now))
        .map((candidate) => candidate.waybill)
        .sort(),
    ).toEqual(['PICKUP-1', 'QUIET', 'REGISTERED-ONLY']);
  });

  it('remembers polls: a polled shipment waits for the repoll time; a confirmed ended one is done', async () => {
    const source = pgTrackCandidateSource(pool);
    await source.recordPolls(
      [
        { waybill: 'QUIET', cpId: 4, terminal: false },
        { waybill: 'ENDED', cpId: 4, terminal: true },
      ],
      now,
    );
    const waybills = async (at: number) =>
      (await source.due(rules, at)).map((candidate) => candidate.waybill).sort();
    expect(await waybills(now)).toEqual(['PICKUP-1', 'REGISTERED-ONLY']);
    // An hour later: QUIET and RECENTLY-POLLED are due again; REGISTERED-NEW is not quiet for long enough yet.
    expect(await waybills(now + HOUR)).toEqual(['PICKUP-1', 'QUIET', 'RECENTLY-POLLED', 'REGISTERED-ONLY']);
    // A terminal flag once recorded stays, even if a later poll saw the journey unfinished.
    await source.recordPolls([{ waybill: 'ENDED', cpId: 4, terminal: false }], now);
    expect(await waybills(now)).not.toContain('ENDED');
  });
});

describe('AWB registration', () => {
  it('stores registered, already-registered, unregistered and failed states', async () => {
    const client = new ClickpostClient({ key: KEY, username: 'shipfold', baseUrl });
    const registrar = createRegistrar(pool, client);
    const first = await registrar.register({
      waybill: 'REG-A',
      cpId: 4,
      accountCode: 'Delhivery_Express_B2C',
    });
    expect(first).toMatchObject({
      waybill: 'REG-A',
      cpId: 4,
      state: 'registered',
      accountCode: 'Delhivery_Express_B2C',
    });
    expect(first.trackingId).toEqual(expect.any(Number));
    const again = await registrar.register({ waybill: 'REG-A', cpId: 4 });
    expect(again).toMatchObject({
      state: 'registered',
      trackingId: first.trackingId,
      accountCode: 'Delhivery_Express_B2C',
    });
    expect(await registrar.unregister({ waybill: 'REG-A', cpId: 4 })).toMatchObject({
      state: 'unregistered',
    });
    expect(await registrar.unregister({ waybill: 'NEVER-SEEN', cpId: 4 })).toMatchObject({
      state: 'unregistered',
    });
    expect(await registrationOf(pool, 'REG-A', 4)).toMatchObject({
      state: 'unregistered',
      unregisteredAt: expect.any(String),
    });
    await client.close();

    const wrongKey = new ClickpostClient({ key: 'not-the-key', username: 'shipfold', baseUrl });
    await expect(
      createRegistrar(pool, wrongKey).register({ waybill: 'REG-B', cpId: 4 }),
    ).rejects.toBeInstanceOf(ClickpostAuthenticationError);
    const failed = await registrationOf(pool, 'REG-B', 4);
    expect(failed).toMatchObject({ state: 'failed', lastError: expect.stringContaining('status 301') });
    expect(failed?.lastError).not.toContain('not-the-key');
    await wrongKey.close();
  });
});

describe('the poller service', () => {
  it('publishes every return of the delta API and polls registered waybills, as raw envelopes', async () => {
    const { prefix, names } = await freshTopics();
    const serviceDatabase = await freshDatabase();
    const endpoints = inject('endpoints');
    const env = loadPollerConfig({
      KAFKA_BROKERS: endpoints.kafkaBrokers,
      SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
      DATABASE_URL: serviceDatabase,
      TOPIC_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'warn',
      CLICKPOST_API_KEY: KEY,
      CLICKPOST_BASE_URL: baseUrl,
      CLICKPOST_REQUESTS_PER_SECOND: '200',
      POLLER_DELTA_INITIAL_LOOKBACK_MINUTES: String(5 * 24 * 60),
      POLLER_DELTA_SAFETY_LAG_SECONDS: '0',
      POLLER_TRACK_QUIET_MINUTES: '0',
      POLLER_TRACK_INTERVAL_SECONDS: '1',
    });
    const registered = simulator.state.world.shipments.slice(0, 5);
    const servicePool = createPool(serviceDatabase, { max: 1 });
    for (const shipment of registered) {
      await servicePool.query(
        `INSERT INTO clickpost_registrations (waybill, cp_id, state, registered_at) VALUES ($1, $2, 'registered', now())`,
        [shipment.waybill, shipment.cpId],
      );
    }
    await servicePool.end();

    const poller = createPollerService(env);
    const reader = await readRawTopic(names);
    try {
      await poller.start();
      const returns = simulator.state.world.returns;
      await waitFor(
        'every return and every registered waybill on the raw topic',
        () => {
          const references = new Set(
            reader.records
              .filter(({ envelope }) => envelope.source === 'clickpost.returns-delta')
              .map(({ key }) => key),
          );
          const tracked = new Set(
            reader.records
              .filter(({ envelope }) => envelope.source === 'clickpost.track-order')
              .map(({ key }) => key),
          );
          return (
            returns.every((order) => references.has(`return:${order.returnReference}`)) &&
            registered.every((shipment) => tracked.has(`clickpost:${shipment.cpId}:${shipment.waybill}`))
          );
        },
        { timeoutMs: 60_000 },
      );
      for (const { key, envelope } of reader.records) {
        expect(envelope.partitionKey).toBe(key);
        if (envelope.source === 'clickpost.track-order') {
          expect(envelope.headers[TRACK_ORDER_CP_ID_HEADER]).toBe(key.split(':')[1]);
        }
      }
      const ready = await poller.service.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      const metrics = await poller.service.app.inject({ url: '/metrics' });
      expect(metrics.body).toContain('poller_delta_windows_total');
      const checkpointPool = createPool(serviceDatabase, { max: 1 });
      const checkpoint = await pgCheckpointStore(checkpointPool).position(RETURNS_DELTA_STREAM);
      await checkpointPool.end();
      expect(checkpoint).toBeGreaterThan(Date.now() - HOUR);
    } finally {
      await poller.stop();
      await reader.stop();
    }
  }, 90_000);
});
