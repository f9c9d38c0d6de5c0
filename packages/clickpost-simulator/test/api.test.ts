import { ClickpostAuthenticationError, ClickpostClient, ClickpostWindowError } from '@shipfold/clickpost';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS, ClickpostSimulator } from '../src/index';

const KEY = 'simulator-test-key';
const NOW = Date.parse('2024-06-01T12:00:00Z');

let simulator: ClickpostSimulator;
let origin: string;
let client: ClickpostClient;

beforeAll(async () => {
  simulator = new ClickpostSimulator({
    seed: 'api',
    key: KEY,
    username: 'acme',
    now: () => NOW,
    world: { shipments: 30, returnRate: 0.8 },
  });
  const baseUrl = await simulator.listen();
  origin = baseUrl.replace(/\/api$/, '');
  client = new ClickpostClient({
    key: KEY,
    username: 'acme',
    baseUrl,
    rateLimit: { limit: 1000, intervalMs: 1000 },
  });
});
afterAll(async () => {
  await client.close();
  await simulator.close();
});

async function get(path: string, query: Record<string, string>): Promise<{ status: number; body: unknown }> {
  const url = new URL(path, origin);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await request(url);
  return { status: response.statusCode, body: await response.body.json() };
}

async function post(
  path: string,
  body: string,
  contentType = 'application/json',
): Promise<{ status: number; body: unknown }> {
  const response = await request(new URL(path, origin), {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
  });
  return { status: response.statusCode, body: await response.body.json() };
}

const delta = {
  key: KEY,
  user_name: 'acme',
  start_time: '2024-06-01T10:00:00',
  end_time: '2024-06-01T11:00:00',
};
const AUTH_FAILED = {
  meta: { status: 301, message: 'Authentication Failed: Invalid Token or API Key', success: false },
};

describe('returns delta API: bad input', () => {
  it.each([
    ['no key', { ...delta, key: undefined }],
    ['a wrong key', { ...delta, key: `${KEY}x` }],
    ['a wrong user name', { ...delta, user_name: 'someone' }],
  ])('%s → 301 in a 200 body', async (_name, query) => {
    const { status, body } = await get(API_PATHS.returnsDelta, JSON.parse(JSON.stringify(query)));
    expect(status).toBe(200);
    expect(body).toEqual(AUTH_FAILED);
  });

  it('missing times → 400 naming the fields', async () => {
    const { body } = await get(API_PATHS.returnsDelta, { key: KEY, user_name: 'acme' });
    expect(body).toEqual({
      meta: {
        status: 400,
        message: { start_time: ['This field is required.'], end_time: ['This field is required.'] },
        success: false,
      },
    });
  });

  it.each(['2024-06-01 10:00:00', '2024-06-01T10:00', '01/06/2024', '2024-13-01T10:00:00', 'yesterday'])(
    'malformed start_time %j → 400',
    async (start_time) => {
      const { body } = await get(API_PATHS.returnsDelta, { ...delta, start_time });
      expect(body).toMatchObject({
        meta: { status: 400, success: false, message: { start_time: [expect.any(String)] } },
      });
    },
  );

  it('a window of 60 minutes and one second → the published "Time Difference" error', async () => {
    const { body } = await get(API_PATHS.returnsDelta, { ...delta, end_time: '2024-06-01T11:00:01' });
    expect(body).toEqual({
      meta: {
        status: 400,
        message: { 'Time Difference': ['Start Time is ahead of End time by more than 60 Minutes'] },
        success: false,
      },
    });
  });

  it('an end before the start → 400', async () => {
    const { body } = await get(API_PATHS.returnsDelta, { ...delta, end_time: '2024-06-01T09:00:00' });
    expect(body).toMatchObject({
      meta: { status: 400, message: { 'Time Difference': [expect.any(String)] } },
    });
  });
});

describe('track-order and registration: bad input', () => {
  const track = { key: KEY, username: 'acme', waybill: '123', cp_id: '4' };
  it('wrong key → 301', async () => {
    expect((await get(API_PATHS.trackOrder, { ...track, key: 'nope' })).body).toEqual(AUTH_FAILED);
  });
  it('cp_id not a number → 400; unknown cp_id → 302', async () => {
    expect((await get(API_PATHS.trackOrder, { ...track, cp_id: 'four' })).body).toMatchObject({
      meta: { status: 400 },
    });
    expect((await get(API_PATHS.trackOrder, { ...track, cp_id: '999' })).body).toMatchObject({
      meta: { status: 302 },
    });
  });
  it('missing waybill → 400 naming it', async () => {
    expect((await get(API_PATHS.trackOrder, { key: KEY, username: 'acme', cp_id: '4' })).body).toMatchObject({
      meta: { status: 400, message: { waybill: ['This field is required.'] } },
    });
  });
  it('an unknown waybill → result null (published sample)', async () => {
    expect((await get(API_PATHS.trackOrder, track)).body).toEqual({
      meta: { status: 200, message: 'SUCCESS', success: true },
      result: null,
    });
  });
  it('register: not JSON → 328; missing fields → 400; wrong key → 301', async () => {
    expect((await post(API_PATHS.awbRegister, '{"waybill": ')).body).toMatchObject({ meta: { status: 328 } });
    expect((await post(API_PATHS.awbRegister, '[]')).body).toMatchObject({ meta: { status: 328 } });
    expect((await post(API_PATHS.awbRegister, JSON.stringify({ key: KEY }))).body).toMatchObject({
      meta: {
        status: 400,
        message: { waybill: ['This field is required.'], cp_id: ['This field is required.'] },
      },
    });
    expect(
      (await post(API_PATHS.awbRegister, JSON.stringify({ key: 'x', waybill: 'W', cp_id: 4 }))).body,
    ).toEqual(AUTH_FAILED);
  });
  it('register-service answers in its flat shape', async () => {
    expect((await post(API_PATHS.registerService, JSON.stringify({ key: 'x', service_id: 2 }))).body).toEqual(
      {
        message: 'Authentication Failed: Invalid Token or API Key',
        status_code: 301,
        success: false,
      },
    );
    expect(
      (await post(API_PATHS.registerService, JSON.stringify({ key: KEY, service_id: 9 }))).body,
    ).toMatchObject({ status_code: 400 });
  });
});

describe('the client against the simulator', () => {
  it('tracks a shipment with every scan that happened', async () => {
    const shipment = simulator.state.world.shipments[0];
    if (!shipment) throw new Error('empty world');
    const answer = await client.trackOrder({ cpId: shipment.cpId, waybills: [shipment.waybill, 'UNKNOWN1'] });
    const entry = answer.entries.get(shipment.waybill) as { scans: unknown[]; valid: boolean };
    expect(entry.valid).toBe(true);
    expect(entry.scans).toHaveLength(shipment.scans.length);
    expect(answer.entries.get('UNKNOWN1')).toEqual({ valid: false });
  });

  it('walks the delta API over the whole history and finds every return once', async () => {
    const { returns } = simulator.state.world;
    const from = Math.min(...returns.map((order) => order.requestedAt)) - 1000;
    const found: string[] = [];
    for (let start = Math.floor(from / 1000) * 1000; start <= NOW; start += 3_600_000) {
      const answer = await client.returnsDelta({ startMs: start, endMs: start + 3_600_000 });
      found.push(...answer.results.map((result) => String(result.return_reference_number)));
    }
    expect(found.sort()).toEqual(returns.map((order) => order.returnReference).sort());
  });

  it('registers, sees 303 on a repeat, unregisters', async () => {
    await expect(client.registerAwb({ waybill: 'REG-1', cpId: 4 })).resolves.toMatchObject({
      outcome: 'registered',
    });
    await expect(client.registerAwb({ waybill: 'REG-1', cpId: 4 })).resolves.toMatchObject({
      outcome: 'already-registered',
    });
    await client.unregisterAwb({ waybill: 'REG-1', cpId: 4 });
    await expect(client.unregisterAwb({ waybill: 'REG-1', cpId: 4 })).rejects.toMatchObject({ status: 330 });
    await expect(client.registerService(2)).resolves.toEqual({ outcome: 'registered' });
    await expect(client.registerService(2)).resolves.toEqual({ outcome: 'already-registered' });
  });

  it('a wrong key surfaces as ClickpostAuthenticationError; a 61-minute window is never sent', async () => {
    const wrong = new ClickpostClient({ key: 'wrong', username: 'acme', baseUrl: `${origin}/api` });
    await expect(wrong.returnsDelta({ startMs: NOW - 3_600_000, endMs: NOW })).rejects.toBeInstanceOf(
      ClickpostAuthenticationError,
    );
    await expect(client.returnsDelta({ startMs: NOW - 61 * 60_000, endMs: NOW })).rejects.toBeInstanceOf(
      ClickpostWindowError,
    );
    await wrong.close();
  });
});

describe('injected API faults', () => {
  it('answers 503 and 429 with Retry-After as configured, and the client retries through them', async () => {
    const flaky = new ClickpostSimulator({
      seed: 'flaky',
      key: KEY,
      now: () => NOW,
      world: { shipments: 5 },
      apiFaults: { http5xxRate: 0.3, http429Rate: 0.3, retryAfterSeconds: 0 },
    });
    const baseUrl = await flaky.listen();
    const statuses: number[] = [];
    const patient = new ClickpostClient({
      key: KEY,
      username: 'shipfold',
      baseUrl,
      retry: { maxAttempts: 20, baseDelayMs: 1, maxDelayMs: 5 },
      rateLimit: { limit: 1000, intervalMs: 1000 },
      onAttempt: (report) => statuses.push(report.httpStatus ?? 0),
    });
    for (let i = 0; i < 20; i++) await patient.returnsDelta({ startMs: NOW - 3_600_000, endMs: NOW });
    expect(statuses).toContain(503);
    expect(statuses).toContain(429);
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    await patient.close();
    await flaky.close();
  });
});
