import { randomBytes } from 'node:crypto';
import { type Api, createApi, loadApiConfig } from '@shipfold/api';
import { ClickpostSimulator } from '@shipfold/clickpost-simulator';
import { createPool, dropDatabase, ensureDatabase, type Pool } from '@shipfold/db';
import { privatePostgresUrl, startComponent, stopComponent } from '@shipfold/devstack';
import { createPollerService, loadPollerConfig, type PollerService } from '@shipfold/poller';
import { createProjectorService, loadProjectorConfig, type ProjectorService } from '@shipfold/projector';
import {
  generateHistory,
  produceEvents,
  readyz,
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
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * PostgreSQL going away under traffic — its connections terminated, then the server restarted — must
 * end no process: the projector, the api and the poller report not-ready, retry, and recover by
 * themselves, and the projector ends with exactly the tables of an undisturbed run. The faults are
 * done to the stack's private PostgreSQL, never to the machine's server.
 */

const CLICKPOST_KEY = 'postgres-faults-key';
const stops: (() => Promise<unknown>)[] = [];
const databases: string[] = [];
let simulator: ClickpostSimulator;
let simulatorUrl: string;

beforeAll(async () => {
  await startComponent('private-postgres');
  simulator = new ClickpostSimulator({ seed: 'pg-faults', key: CLICKPOST_KEY, world: { shipments: 20 } });
  simulatorUrl = await simulator.listen();
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await simulator?.close();
  await Promise.all(databases.map((url) => dropDatabase(url).catch(() => undefined)));
  await stopComponent('private-postgres');
});

const portOf = (service: { app: { server: { address(): unknown } } }) =>
  (service.app.server.address() as { port: number }).port;

describe('PostgreSQL faults', () => {
  it('connections terminated and the server restarted under traffic: every service stays up, is ready again, and nothing is lost or applied twice', async () => {
    const { prefix, names } = await freshTopics(3);
    const io = await kafkaFor(names);
    stops.push(() => io.close());
    const faultyUrl = privatePostgresUrl(`shipfold_faults_${randomBytes(3).toString('hex')}`);
    await ensureDatabase(faultyUrl);
    databases.push(faultyUrl);
    const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
    const env = (databaseUrl: string, extra: Record<string, string> = {}) => ({
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      DATABASE_URL: databaseUrl,
      TOPIC_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'silent',
      ...extra,
    });

    const projector: ProjectorService = createProjectorService(loadProjectorConfig(env(faultyUrl)));
    await projector.start();
    stops.push(() => projector.stop());
    const api: Api = createApi(loadApiConfig(env(faultyUrl)));
    const apiUrl = await api.start();
    stops.push(() => api.stop());
    const poller: PollerService = createPollerService(
      loadPollerConfig(
        env(faultyUrl, {
          CLICKPOST_API_KEY: CLICKPOST_KEY,
          CLICKPOST_BASE_URL: simulatorUrl,
          POLLER_TRACK_INTERVAL_SECONDS: '1',
          POLLER_DELTA_INTERVAL_SECONDS: '1',
        }),
      ),
    );
    await poller.start();
    stops.push(() => poller.stop());
    const services = {
      projector: portOf(projector.service),
      api: portOf(api.service),
      poller: portOf(poller.service),
    };
    const allReady = async () =>
      (await Promise.all(Object.values(services).map(readyz))).every((status) => status === 200);
    await waitFor('every service ready', allReady, { timeoutMs: 60_000 });

    const admin: Pool = createPool(privatePostgresUrl('postgres'), { max: 1 });
    stops.push(() => admin.end());
    const faultyPool: Pool = createPool(faultyUrl, { max: 1 });
    stops.push(() => faultyPool.end());
    const applied = async () =>
      Number(
        (
          await faultyPool.query<{ n: string }>(
            'SELECT coalesce(sum(next_offset), 0) AS n FROM projector_positions',
          )
        ).rows[0]?.n,
      );

    const history = generateHistory({ seed: 41, shipments: 800, returnsEvery: 4 }).events;
    const deliveries = shuffledWithDuplicates(history, 42, 0.15);
    const quarter = Math.ceil(deliveries.length / 4);
    const chunk = (index: number) => deliveries.slice(index * quarter, (index + 1) * quarter);

    // 1. Connections terminated, five times, while events arrive and are applied.
    await produceEvents(io.producer, io.codec, names, chunk(0));
    await waitFor('the projector to apply the first events', async () => (await applied()) > 0);
    let terminated = 0;
    let slowestReconnectMs = 0;
    for (let round = 0; round < 5; round++) {
      if (round === 2) await produceEvents(io.producer, io.codec, names, chunk(1));
      const { rowCount } = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [new URL(faultyUrl).pathname.slice(1)],
      );
      terminated += rowCount ?? 0;
      const since = performance.now();
      await waitFor('the services to reconnect', allReady, { timeoutMs: 30_000 });
      slowestReconnectMs = Math.max(slowestReconnectMs, performance.now() - since);
    }
    expect(terminated).toBeGreaterThan(5);

    // 2. The server stopped (events keep arriving), then started again.
    await admin.end().catch(() => undefined);
    await faultyPool.end().catch(() => undefined);
    await stopComponent('private-postgres');
    await waitFor('the api and the projector to say not ready', async () => {
      const [projectorStatus, apiStatus] = await Promise.all([
        readyz(services.projector),
        readyz(services.api),
      ]);
      return projectorStatus === 503 && apiStatus === 503;
    });
    await produceEvents(io.producer, io.codec, names, chunk(2));
    await startComponent('private-postgres');
    const restartedAt = performance.now();
    await produceEvents(io.producer, io.codec, names, chunk(3));
    await waitFor('every service ready again, with no restart', allReady, { timeoutMs: 60_000 });
    const readyAfterRestartMs = performance.now() - restartedAt;

    // 3. Nothing lost, nothing applied twice: the tables of an undisturbed projector over the same topics.
    const checkPool = createPool(faultyUrl, { max: 1 });
    stops.push(() => checkPool.end());
    await waitCaughtUp(io.admin, checkPool, names, { timeoutMs: 120_000 });
    const referenceUrl = await freshDatabase();
    databases.push(referenceUrl);
    const reference = createProjectorService(
      loadProjectorConfig(env(referenceUrl, { PROJECTOR_GROUP_ID: `${prefix}.reference` })),
    );
    await reference.start();
    stops.push(() => reference.stop());
    const referencePool = createPool(referenceUrl, { max: 1 });
    stops.push(() => referencePool.end());
    await waitCaughtUp(io.admin, referencePool, names, { timeoutMs: 120_000 });
    const faulty = await dumpTables(checkPool);
    expect(faulty.shipment_scans?.length).toBeGreaterThan(3000);
    expect(faulty).toEqual(await dumpTables(referencePool));

    // The api reads through the reconnected pool.
    const [first] = (faulty.shipments ?? []) as { waybill: string }[];
    expect(first).toBeDefined();
    const waybill = first?.waybill;
    expect((await fetch(`${apiUrl}/v1/shipments/${waybill}`)).status).toBe(200);
    console.info('PostgreSQL faults:', {
      'backends terminated': terminated,
      'slowest ready again after a termination': `${(slowestReconnectMs / 1000).toFixed(1)} s`,
      'ready again after the server was back': `${(readyAfterRestartMs / 1000).toFixed(1)} s`,
      'events delivered (with 15 % duplicates)': deliveries.length,
      'scans projected, equal to an undisturbed run': faulty.shipment_scans?.length,
    });
  }, 300_000);
});
