import { ClickpostClient } from '@shipfold/clickpost';
import { ClickpostSimulator } from '@shipfold/clickpost-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillReturns, createReturnsDeltaPoller, RETURNS_DELTA_STREAM } from '../src/index';
import { memoryCheckpoints, memoryPublisher } from './fakes';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const HOUR = 3_600_000;

let simulator: ClickpostSimulator;
let client: ClickpostClient;
const requested: { start: string; end: string }[] = [];

beforeAll(async () => {
  simulator = new ClickpostSimulator({
    seed: 'delta-poller',
    key: 'k',
    now: () => NOW,
    world: { shipments: 60, returnRate: 0.7 },
  });
  simulator.app.addHook('onRequest', async (request) => {
    const query = request.query as { start_time?: string; end_time?: string };
    if (query.start_time && query.end_time) requested.push({ start: query.start_time, end: query.end_time });
  });
  const baseUrl = await simulator.listen();
  client = new ClickpostClient({
    key: 'k',
    username: 'shipfold',
    baseUrl,
    rateLimit: { limit: 10_000, intervalMs: 1000 },
  });
});
afterAll(async () => {
  await client.close();
  await simulator.close();
});

const earliest = () => Math.min(...simulator.state.world.returns.map((order) => order.requestedAt));

describe('returns delta poller', () => {
  it('catches up from its checkpoint in ≤ 60-minute windows and publishes every return', async () => {
    requested.length = 0;
    const checkpoints = memoryCheckpoints();
    const publisher = memoryPublisher();
    const poller = createReturnsDeltaPoller({
      client,
      checkpoints,
      publisher,
      rules: { lagMs: 2 * 60_000, overlapMs: 5 * 60_000 },
      initialLookbackMs: NOW - earliest() + HOUR,
      now: () => NOW,
    });
    let cycles = 0;
    for (let result = await poller.cycle(); result.kind === 'polled'; result = await poller.cycle()) cycles++;
    expect(cycles).toBeGreaterThan(24);
    for (const { start, end } of requested) {
      expect(Date.parse(`${end}Z`) - Date.parse(`${start}Z`)).toBeLessThanOrEqual(HOUR);
    }
    const references = new Set(
      publisher.published.map((envelope) => JSON.parse(envelope.body).return_reference_number),
    );
    const expected = simulator.state.world.returns.filter((order) => order.requestedAt < NOW - 2 * 60_000);
    expect([...references].sort()).toEqual(expected.map((order) => order.returnReference).sort());
    expect(checkpoints.positions.get(RETURNS_DELTA_STREAM)).toBe(
      Math.floor((NOW - 2 * 60_000) / 1000) * 1000,
    );
    // Overlapping windows see some returns twice; the fold deduplicates them (same event id).
    expect(publisher.published.length).toBeGreaterThanOrEqual(references.size);
  });

  it('does not move the checkpoint when Kafka did not acknowledge', async () => {
    const checkpoints = memoryCheckpoints();
    checkpoints.positions.set(RETURNS_DELTA_STREAM, earliest() - 1000);
    const publisher = memoryPublisher();
    publisher.failNext = 1;
    const poller = createReturnsDeltaPoller({
      client,
      checkpoints,
      publisher,
      rules: { lagMs: 0, overlapMs: 0 },
      initialLookbackMs: 0,
      now: () => NOW,
    });
    await expect(poller.cycle()).rejects.toThrow('kafka unavailable');
    expect(checkpoints.positions.get(RETURNS_DELTA_STREAM)).toBe(earliest() - 1000);
    const retried = await poller.cycle();
    expect(retried).toMatchObject({ kind: 'polled', results: expect.any(Number) });
    expect(publisher.published.length).toBeGreaterThan(0);
  });
});

describe('backfill', () => {
  it('walks a range in ≤ 60-minute windows, reporting progress, and finds every return in it', async () => {
    requested.length = 0;
    const publisher = memoryPublisher();
    const from = earliest() - HOUR;
    const progress: number[] = [];
    const summary = await backfillReturns({
      client,
      publisher,
      fromMs: from,
      toMs: NOW,
      onWindow: ({ index, total }) => progress.push(index / total),
    });
    expect(summary.windows).toBe(
      Math.ceil((Math.ceil(NOW / 1000) * 1000 - Math.floor(from / 1000) * 1000) / HOUR),
    );
    expect(progress).toHaveLength(summary.windows);
    expect(requested).toHaveLength(summary.windows);
    for (const { start, end } of requested)
      expect(Date.parse(`${end}Z`) - Date.parse(`${start}Z`)).toBeLessThanOrEqual(HOUR);
    expect(summary.results).toBe(simulator.state.world.returns.length);
    expect(publisher.published).toHaveLength(simulator.state.world.returns.length);
  });

  it('stops at a failing window and names it', async () => {
    const publisher = memoryPublisher();
    publisher.failNext = 1;
    await expect(
      backfillReturns({
        client,
        publisher,
        fromMs: Date.parse('2024-05-31T00:00:00Z'),
        toMs: Date.parse('2024-05-31T03:00:00Z'),
      }),
    ).rejects.toThrow(
      /window 2024-05-31T00:00:00.000Z → 2024-05-31T01:00:00.000Z failed after 0 windows: kafka unavailable/,
    );
  });
});
