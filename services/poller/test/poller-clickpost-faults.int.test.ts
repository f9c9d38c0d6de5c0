import { PassThrough } from 'node:stream';
import { ClickpostSimulator } from '@shipfold/clickpost-simulator';
import { waitFor } from '@shipfold/test-support';
import { freshDatabase, freshTopics, readRawTopic } from '@shipfold/test-support/integration';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPollerService, loadPollerConfig } from '../src/index';

/**
 * Clickpost down (every call answered 503), then slow (every answer later than the client's timeout):
 * the poller stays up (/healthz 200), says not ready while its cycles fail, logs the outage once when
 * it starts and once when it ends (not at every retry), and polls again by itself afterwards.
 */

const KEY = 'poller-clickpost-faults-key';
const stops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

describe('Clickpost failing or slow', () => {
  it('the poller reports not-ready, logs each change of state once, and recovers without help', async () => {
    const simulator = new ClickpostSimulator({
      seed: 'clickpost-faults',
      key: KEY,
      world: { shipments: 10 },
    });
    const baseUrl = await simulator.listen();
    stops.push(() => simulator.close());
    const { prefix, names } = await freshTopics();
    const endpoints = inject('endpoints');
    const logLines: { msg: string; loop?: string }[] = [];
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
    });
    const poller = createPollerService(
      loadPollerConfig({
        KAFKA_BROKERS: endpoints.kafkaBrokers,
        SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
        DATABASE_URL: await freshDatabase(),
        TOPIC_PREFIX: prefix,
        PORT: '0',
        LOG_LEVEL: 'info',
        CLICKPOST_API_KEY: KEY,
        CLICKPOST_BASE_URL: baseUrl,
        CLICKPOST_TIMEOUT_MS: '300',
        CLICKPOST_REQUESTS_PER_SECOND: '200',
        // Every second, a delta window up to now: a call to Clickpost every cycle.
        POLLER_DELTA_INTERVAL_SECONDS: '1',
        POLLER_DELTA_SAFETY_LAG_SECONDS: '0',
        // The simulated returns happened over the last days.
        POLLER_DELTA_INITIAL_LOOKBACK_MINUTES: String(5 * 24 * 60),
      }),
      { logStream },
    );
    await poller.start();
    stops.push(() => poller.stop());
    const status = async (path: string) => (await poller.service.app.inject({ url: path })).statusCode;
    const ready = async () => (await status('/readyz')) === 200;
    const failed = () =>
      logLines.filter((line) => line.msg === 'returns-delta cycle failed; retrying every interval');
    const recovered = () => logLines.filter((line) => line.msg === 'returns-delta cycle works again');
    const cycleErrors = async () => {
      const text = await (await poller.service.app.inject({ url: '/metrics' })).body;
      const line = text
        .split('\n')
        .find((l) => l.startsWith('poller_cycle_errors_total{') && l.includes('loop="returns-delta"'));
      return Number(line?.split(' ')[1] ?? 0);
    };
    await waitFor('the poller ready', ready, { timeoutMs: 60_000 });

    for (const [fault, faults, back] of [
      ['down', { http5xxRate: 1 }, { http5xxRate: 0 }],
      ['slow', { latencyMs: 1000 }, { latencyMs: 0 }],
    ] as const) {
      const errorsBefore = await cycleErrors();
      simulator.setApiFaults(faults);
      await waitFor(`not ready while Clickpost is ${fault}`, async () => !(await ready()), {
        timeoutMs: 30_000,
      });
      // Several failed cycles in a row: retried, counted, and logged once.
      await waitFor(
        `three failed cycles while Clickpost is ${fault}`,
        async () => (await cycleErrors()) >= errorsBefore + 3,
        {
          timeoutMs: 60_000,
        },
      );
      expect(await status('/healthz')).toBe(200);
      simulator.setApiFaults(back);
      await waitFor(`ready again after Clickpost was ${fault}`, ready, { timeoutMs: 30_000 });
    }
    expect(failed()).toHaveLength(2);
    expect(recovered()).toHaveLength(2);

    // Polling goes on: what Clickpost's delta API holds reaches the raw topic.
    const reader = await readRawTopic(names);
    stops.push(() => reader.stop());
    const references = simulator.state.world.returns.map((order) => `return:${order.returnReference}`);
    await waitFor(
      'every return of the delta API on the raw topic',
      () => {
        const keys = new Set(reader.records.map(({ key }) => key));
        return references.every((reference) => keys.has(reference));
      },
      { timeoutMs: 60_000 },
    );
  }, 180_000);
});
