import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ClickpostSimulator, type SimulatorInput } from '../src/index';

const NOW = Date.parse('2024-06-01T12:00:00Z');

interface Received {
  headers: Record<string, unknown>;
  body: Record<string, unknown>;
}

/** A webhook receiver on 127.0.0.1 answering with `answer(body, attemptOfThisBody)`. */
async function receiver(answer: (raw: string, attempt: number) => number = () => 200) {
  const app: FastifyInstance = Fastify({ logger: false });
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  app.post('/hook', async (request, reply) => {
    const raw = JSON.stringify(request.body);
    const attempt = (attempts.get(raw) ?? 0) + 1;
    attempts.set(raw, attempt);
    const status = answer(raw, attempt);
    if (status === 200)
      received.push({ headers: request.headers, body: request.body as Record<string, unknown> });
    return reply.code(status).send({ ok: status === 200 });
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, received, url: `${address}/hook` };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

function simulatorFor(url: string, overrides: Partial<SimulatorInput> = {}) {
  const simulator = new ClickpostSimulator({
    seed: 'webhooks',
    key: 'k',
    now: () => NOW,
    world: { shipments: 15, returnRate: 0.6 },
    faults: {
      disorderRate: 0.3,
      maxDisplacement: 6,
      duplicateRate: 0.15,
      dropRate: 0.1,
      burstRate: 0.2,
      rvpReferenceRate: 0.5,
    },
    webhook: {
      targetUrl: url,
      webhookKey: 'hook-secret',
      concurrency: 4,
      retryBaseMs: 1,
      retryMaxMs: 4,
      timeoutMs: 2000,
    },
    ...overrides,
  });
  cleanup.push(() => simulator.close());
  return simulator;
}

/** The fact a received payload is about, in the plan's terms. */
function factOf(body: Record<string, unknown>): string {
  if (body.clickpost_status_code === 101)
    return `return-placed:${JSON.stringify((body.additional as { item_info: unknown }).item_info)}:${String(body.timestamp)}`;
  return `scan:${String(body.cp_id)}:${String(body.waybill)}:${Date.parse(String(body.timestamp))}`;
}
const planFact = (factId: string, payload: Record<string, unknown>) =>
  factId.startsWith('return-placed:') ? factOf(payload) : factId;

describe('webhook sending', () => {
  it('sends every planned delivery with the webhook_key header, never a dropped one', async () => {
    const target = await receiver();
    cleanup.push(() => target.app.close());
    const simulator = simulatorFor(target.url);
    const report = await simulator.sendAll();
    const { deliveries, dropped } = simulator.plan;
    expect(report).toMatchObject({ delivered: deliveries.length, failed: 0, attempts: deliveries.length });
    expect(target.received).toHaveLength(deliveries.length);
    for (const { headers } of target.received) {
      expect(headers.webhook_key).toBe('hook-secret');
      expect(headers['content-type']).toBe('application/json');
    }
    const receivedFacts = target.received.map(({ body }) => factOf(body));
    const expected = deliveries.map((delivery) => planFact(delivery.factId, delivery.payload));
    expect([...receivedFacts].sort()).toEqual([...expected].sort());
    for (const delivery of dropped)
      expect(receivedFacts).not.toContain(planFact(delivery.factId, delivery.payload));
    expect(dropped.length).toBeGreaterThan(0);
    expect(deliveries.some((delivery) => delivery.duplicate)).toBe(true);
  });

  it('retries until it gets a 200', async () => {
    const target = await receiver((_raw, attempt) => (attempt <= 2 ? 500 : 200));
    cleanup.push(() => target.app.close());
    const simulator = simulatorFor(target.url, { faults: {} });
    const report = await simulator.sendAll();
    const count = simulator.plan.deliveries.length;
    expect(report).toMatchObject({
      delivered: count,
      failed: 0,
      attempts: 3 * count,
      rejectedAttempts: 2 * count,
    });
  });

  it('anything but 200 is a failure to retry, and it gives up after maxAttempts', async () => {
    const target = await receiver(() => 202);
    cleanup.push(() => target.app.close());
    const simulator = simulatorFor(target.url, {
      faults: {},
      webhook: { targetUrl: target.url, maxAttempts: 3, retryBaseMs: 1, retryMaxMs: 2 },
    });
    const few = simulator.plan.deliveries.slice(0, 5);
    const report = await simulator.sendAll(few);
    expect(report).toMatchObject({ delivered: 0, failed: 5, attempts: 15 });
    expect(report.failures[0]?.lastError).toBe('HTTP 202');
  });

  it('an unreachable target fails every delivery after its retries', async () => {
    const simulator = simulatorFor('http://127.0.0.1:1/hook', {
      faults: {},
      webhook: { targetUrl: 'http://127.0.0.1:1/hook', maxAttempts: 2, retryBaseMs: 1, retryMaxMs: 1 },
    });
    const report = await simulator.sendAll(simulator.plan.deliveries.slice(0, 3));
    expect(report).toMatchObject({ delivered: 0, failed: 3, attempts: 6 });
    expect(report.failures[0]?.lastError).toMatch(/ECONNREFUSED|connect/i);
  });
});

describe('live sending', () => {
  it('sends each webhook once the simulated present reaches it, and not before', async () => {
    let clock = Date.parse('2024-06-01T00:00:00Z');
    const sentAt: { sendAt: number; clock: number }[] = [];
    let sendAtOf = new Map<string, number>();
    const target = await receiver((raw) => {
      sentAt.push({ sendAt: sendAtOf.get(raw) ?? Number.NaN, clock });
      return 200;
    });
    cleanup.push(() => target.app.close());
    const simulator = new ClickpostSimulator({
      seed: 'live',
      key: 'k',
      now: () => clock,
      world: {
        shipments: 5,
        returnRate: 0,
        startAt: clock,
        spreadMs: 60_000,
        scanGapMs: { minMs: 10_000, maxMs: 60_000 },
        until: clock + 24 * 3_600_000,
      },
      webhook: { targetUrl: target.url, webhookKey: 'k', retryBaseMs: 1, retryMaxMs: 2 },
    });
    cleanup.push(() => simulator.close());
    const { deliveries } = simulator.plan;
    sendAtOf = new Map(deliveries.map((delivery) => [JSON.stringify(delivery.payload), delivery.sendAt]));
    const last = Math.max(...deliveries.map((delivery) => delivery.sendAt));
    const running = simulator.sendLive(2);
    // Move the simulated present forward in steps, each time waiting until the due webhooks arrived.
    while (clock < last) {
      clock += 20_000;
      const due = deliveries.filter((delivery) => delivery.sendAt <= clock).length;
      const deadline = Date.now() + 5000;
      while (sentAt.length < due && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const report = await running;
    expect(report.delivered).toBe(deliveries.length);
    expect(sentAt).toHaveLength(deliveries.length);
    for (const { sendAt, clock: at } of sentAt) expect(sendAt).toBeLessThanOrEqual(at);
  });
});
