import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AttemptReport,
  ClickpostClient,
  type ClickpostClientOptions,
  ClickpostHttpError,
  ClickpostNetworkError,
  ClickpostRateLimitError,
  ClickpostServerError,
  ClickpostTimeoutError,
} from '../src/index';
import { type Stub, startStub } from './stub';

const KEY = 'retry-secret-key';
const OK = { meta: { status: 200, success: true, message: 'SUCCESS' }, result: [] };
const window = { startMs: Date.parse('2024-01-01T00:00:00Z'), endMs: Date.parse('2024-01-01T00:30:00Z') };

let stub: Stub;
const clients: ClickpostClient[] = [];

function clientWith(options: Partial<ClickpostClientOptions> = {}): ClickpostClient {
  const client = new ClickpostClient({
    key: KEY,
    username: 'u',
    baseUrl: stub.baseUrl,
    timeoutMs: 2000,
    retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 40, maxRetryAfterMs: 2000 },
    rateLimit: { limit: 1000, intervalMs: 1000 },
    ...options,
  });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
});

describe('retries', () => {
  it('retries 5xx answers and succeeds when the server recovers', async () => {
    stub.handle((_request, reply, index) => (index < 2 ? reply.code(503).send('busy') : OK));
    const reports: AttemptReport[] = [];
    await clientWith({ onAttempt: (report) => reports.push(report) }).returnsDelta(window);
    expect(stub.requests).toHaveLength(3);
    expect(reports.map((r) => r.httpStatus)).toEqual([503, 503, 200]);
    expect(reports.map((r) => r.retryInMs === null)).toEqual([false, false, true]);
    for (const report of reports.slice(0, 2)) expect(report.retryInMs).toBeLessThanOrEqual(40);
  });

  it('gives up after maxAttempts with the typed error of the last answer', async () => {
    stub.handle((_request, reply) => reply.code(502).send('bad gateway'));
    const error = await clientWith()
      .returnsDelta(window)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickpostHttpError);
    expect(error).toMatchObject({ httpStatus: 502, retryable: true });
    expect(stub.requests).toHaveLength(4);
  });

  it('a Clickpost error body on a 5xx keeps its Clickpost type', async () => {
    stub.handle((_request, reply) =>
      reply
        .code(500)
        .send({ meta: { status: 500, message: 'Ops! Internal server error in Clickpost', success: false } }),
    );
    const error = await clientWith({ retry: { maxAttempts: 2, baseDelayMs: 1 } })
      .returnsDelta(window)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickpostServerError);
    expect(error).toMatchObject({ status: 500, httpStatus: 500 });
    expect(stub.requests).toHaveLength(2);
  });

  it('respects Retry-After on 429 (as a minimum wait)', async () => {
    stub.handle((_request, reply, index) =>
      index === 0 ? reply.code(429).header('retry-after', '1').send('') : OK,
    );
    await clientWith().returnsDelta(window);
    expect(stub.requests).toHaveLength(2);
    const [first, second] = stub.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('stops when Retry-After is longer than allowed and reports it', async () => {
    stub.handle((_request, reply) => reply.code(429).header('retry-after', '3600').send(''));
    const error = await clientWith()
      .returnsDelta(window)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickpostHttpError);
    expect(error).toMatchObject({ httpStatus: 429, retryAfterMs: 3_600_000 });
    expect(stub.requests).toHaveLength(1);
  });

  it('retries an in-body 429 and ends with ClickpostRateLimitError', async () => {
    stub.handle(() => ({ meta: { status: 429, message: 'Too Many Requests', success: false } }));
    const error = await clientWith({ retry: { maxAttempts: 3, baseDelayMs: 1 } })
      .returnsDelta(window)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickpostRateLimitError);
    expect(stub.requests).toHaveLength(3);
  });

  it('does not retry a 4xx without a Clickpost body', async () => {
    stub.handle((_request, reply) => reply.code(404).send('not here'));
    const error = await clientWith()
      .returnsDelta(window)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ClickpostHttpError', httpStatus: 404, retryable: false });
    expect(stub.requests).toHaveLength(1);
  });

  it('retries a connection reset, then succeeds', async () => {
    stub.handle((request, reply, index) => {
      if (index === 0) {
        request.raw.socket.destroy();
        return reply;
      }
      return OK;
    });
    await clientWith().returnsDelta(window);
    expect(stub.requests).toHaveLength(2);
  });

  it('a refused connection ends in ClickpostNetworkError without the key in it', async () => {
    const client = new ClickpostClient({
      key: KEY,
      username: 'u',
      baseUrl: 'http://127.0.0.1:1/api',
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    clients.push(client);
    const error = await client.trackOrder({ cpId: 1, waybills: ['A'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickpostNetworkError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(String((error as Error).message)).not.toContain(KEY);
  });
});

describe('timeouts', () => {
  it('an answer that never comes ends in ClickpostTimeoutError within the bounded time', async () => {
    stub.handle(() => new Promise(() => {}));
    const startedAt = performance.now();
    const error = await clientWith({
      timeoutMs: 150,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    })
      .returnsDelta(window)
      .catch((e: unknown) => e);
    const elapsed = performance.now() - startedAt;
    expect(error).toBeInstanceOf(ClickpostTimeoutError);
    expect(error).toMatchObject({ code: 'ETIMEDOUT', retryable: true });
    expect(stub.requests).toHaveLength(2);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
  });

  it('a body that stalls halfway is a timeout too', async () => {
    stub.handle((_request, reply) => {
      reply.raw.writeHead(200, { 'content-type': 'application/json' });
      reply.raw.write('{"meta": ');
      return reply;
    });
    const error = await clientWith({ timeoutMs: 150, retry: { maxAttempts: 1 } })
      .returnsDelta(window)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClickpostTimeoutError);
  });

  it('the caller can cancel a call waiting between retries', async () => {
    stub.handle((_request, reply) => reply.code(503).send(''));
    const controller = new AbortController();
    const client = clientWith({
      retry: { maxAttempts: 10, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      random: () => 1,
    });
    const call = client.returnsDelta(window, { signal: controller.signal }).catch((e: unknown) => e);
    await waitFor(() => stub.requests.length === 1);
    controller.abort(new Error('cancelled'));
    expect(await call).toMatchObject({ message: 'cancelled' });
    expect(stub.requests).toHaveLength(1);
  });
});

describe('rate limit', () => {
  it('never lets more than `limit` requests start in any interval', async () => {
    stub.handle(() => OK);
    const released: number[] = [];
    const client = clientWith({
      rateLimit: { limit: 4, intervalMs: 200 },
      onAttempt: (report) => released.push(report.startedAt),
    });
    // A release time is read when the throttled call runs, which a busy event loop can delay after
    // the throttle let it go: the gaps seen here may fall short of the interval by that delay, measured.
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    const startedAt = performance.now();
    await Promise.all(Array.from({ length: 12 }, () => client.returnsDelta(window)));
    loopDelay.disable();
    const slackMs = 1 + Math.ceil(loopDelay.max / 1e6);
    released.sort((a, b) => a - b);
    expect(released).toHaveLength(12);
    // Sliding check: the (i+4)th attempt is released at least one interval after the i-th (the
    // release times are Date.now() readings: 1 ms of rounding, plus the measured loop delay).
    for (let i = 0; i + 4 < released.length; i++) {
      expect((released[i + 4] ?? 0) - (released[i] ?? 0)).toBeGreaterThanOrEqual(200 - slackMs);
    }
    // On the wire: 12 requests at 4 per 200 ms cannot all arrive within less than two intervals,
    // less the time the first one spent getting there (20 ms, plus the measured loop delay).
    const arrivals = stub.requests.map((request) => request.at).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(12);
    expect((arrivals[11] ?? 0) - (arrivals[0] ?? 0)).toBeGreaterThanOrEqual(380 - slackMs);
    expect(performance.now() - startedAt).toBeLessThan(2000);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
