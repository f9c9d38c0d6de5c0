import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ClickpostAccountError,
  ClickpostAuthenticationError,
  ClickpostBadRequestError,
  ClickpostClient,
  ClickpostError,
  ClickpostRequestError,
  ClickpostResponseError,
  ClickpostServerError,
} from '../src/index';
import { sample } from './samples';
import { type Stub, startStub } from './stub';

const KEY = 'k3y-00000000-secret-0000-000000000000';

let stub: Stub;
let client: ClickpostClient;

beforeAll(async () => {
  stub = await startStub();
  client = new ClickpostClient({
    key: KEY,
    username: 'shipfold-test',
    baseUrl: stub.baseUrl,
    retry: { maxAttempts: 1 },
    rateLimit: { limit: 1000, intervalMs: 1000 },
  });
});
afterAll(async () => {
  await client.close();
  await stub.close();
});
beforeEach(() => {
  stub.requests.length = 0;
});

/** Serves a published sample verbatim, with HTTP 200 as Clickpost does. */
const serve = (name: string) =>
  stub.handle((_request, reply) => reply.code(200).type('application/json').send(sample(name)));

async function failureOf(call: Promise<unknown>): Promise<ClickpostError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ClickpostError);
  const typed = error as ClickpostError;
  // The key must never leak into what gets logged.
  expect(typed.message).not.toContain(KEY);
  expect(JSON.stringify(typed)).not.toContain(KEY);
  expect(String(typed.stack)).not.toContain(KEY);
  return typed;
}

const window = { startMs: Date.parse('2022-11-09T11:00:00Z'), endMs: Date.parse('2022-11-09T11:10:00Z') };

describe('error mapping of the published samples, served over HTTP 200', () => {
  it('delta API, 301 → ClickpostAuthenticationError', async () => {
    serve('clickpost_returns-polling-delta_auth-error_1.json');
    const error = await failureOf(client.returnsDelta(window));
    expect(error).toBeInstanceOf(ClickpostAuthenticationError);
    expect(error).toMatchObject({ status: 301, httpStatus: 200, operation: 'returns-delta' });
    expect(stub.requests).toHaveLength(1);
  });

  it('delta API, 400 with an object message → ClickpostBadRequestError with field errors', async () => {
    serve('clickpost_returns-polling-delta_error_1.json');
    const error = await failureOf(client.returnsDelta(window));
    expect(error).toBeInstanceOf(ClickpostBadRequestError);
    expect(error).toMatchObject({
      status: 400,
      fieldErrors: { 'Time Difference': ['Start Time is ahead of End time by more than 60 Minutes'] },
    });
  });

  it('awb-register, 353 → ClickpostAccountError', async () => {
    serve('clickpost_awb-register-v2_response_inactive-account_1.json');
    const error = await failureOf(client.registerAwb({ waybill: 'W1', cpId: 1 }));
    expect(error).toBeInstanceOf(ClickpostAccountError);
    expect(error).toMatchObject({ status: 353, operation: 'awb-register' });
  });

  it('awb-register, in-body 500 → ClickpostServerError, not retried', async () => {
    serve('clickpost_awb-register-v2_response_auth-failed_1.json');
    const error = await failureOf(client.registerAwb({ waybill: 'W1', cpId: 1 }));
    expect(error).toBeInstanceOf(ClickpostServerError);
    expect(stub.requests).toHaveLength(1);
  });

  it('awb-register, 303 → an idempotent success with the tracking id', async () => {
    serve('clickpost_awb-register-v2_response_already-registered_1.json');
    await expect(client.registerAwb({ waybill: 'W1', cpId: 1 })).resolves.toEqual({
      outcome: 'already-registered',
      trackingId: 491815220,
      securityKey: 'c53b0171-9c6f-4045-92f8-03cadb5bc34f',
    });
  });

  it('awb-register, new → registered, the request carrying the documented body', async () => {
    serve('clickpost_awb-register-v2_response_new_1.json');
    const result = await client.registerAwb({
      waybill: 'ABCDRESDEFGHIJKL1257679',
      cpId: 1,
      accountCode: 'Fedex Domestic',
      consumerDetails: { name: 'Test Customer' },
    });
    expect(result).toEqual({ outcome: 'registered', trackingId: 491815220, securityKey: expect.any(String) });
    expect(stub.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v2/tracking/awb-register/',
      body: {
        waybill: 'ABCDRESDEFGHIJKL1257679',
        cp_id: 1,
        key: KEY,
        account_code: 'Fedex Domestic',
        consumer_details: { name: 'Test Customer' },
      },
    });
  });

  it('track-order, sample answers → entries by waybill; a null result → unknown waybills', async () => {
    serve('clickpost_track-order_response_1.json');
    const answer = await client.trackOrder({ cpId: 10, waybills: ['SF18399217NER', 'NOPE1'] });
    expect([...answer.entries.keys()]).toEqual(['SF18399217NER']);
    expect(answer.unknown).toEqual(['NOPE1']);
    expect(stub.requests[0]).toMatchObject({
      method: 'GET',
      path: '/api/v2/track-order/',
      query: { username: 'shipfold-test', key: KEY, waybill: 'SF18399217NER,NOPE1', cp_id: '10' },
    });
    serve('clickpost_track-order_response_nonexistent-awb_1.json');
    const none = await client.trackOrder({ cpId: 10, waybills: ['X1'] });
    expect(none.entries.size).toBe(0);
    expect(none.unknown).toEqual(['X1']);
  });

  it('delta API, success → the results and the window sent', async () => {
    stub.handle(() => ({
      meta: { status: 200, success: true, message: 'SUCCESS' },
      result: [{ return_reference_number: 'R1' }],
    }));
    const answer = await client.returnsDelta(window);
    expect(answer.results).toEqual([{ return_reference_number: 'R1' }]);
    expect(answer.window).toEqual({ start_time: '2022-11-09T11:00:00', end_time: '2022-11-09T11:10:00' });
    expect(stub.requests[0]?.query).toEqual({
      key: KEY,
      user_name: 'shipfold-test',
      start_time: '2022-11-09T11:00:00',
      end_time: '2022-11-09T11:10:00',
    });
  });

  it('register-service, flat answer and 304 → registered / already-registered', async () => {
    stub.handle(() => ({ message: 'SUCCESS', status_code: 200, success: true }));
    await expect(client.registerService(2)).resolves.toEqual({ outcome: 'registered' });
    stub.handle(() => ({ message: 'Already Registered For Service', status_code: 304, success: false }));
    await expect(client.registerService(2)).resolves.toEqual({ outcome: 'already-registered' });
    expect(stub.requests[0]?.body).toEqual({ key: KEY, service_id: 2 });
  });

  it('awb-unregister posts cp_id, waybill and key', async () => {
    stub.handle(() => ({
      meta: { success: true, status: 200, message: 'SUCCESS' },
      result: { awb: '786000454820' },
    }));
    await client.unregisterAwb({ cpId: 1, waybill: '786000454820' });
    expect(stub.requests[0]).toMatchObject({
      path: '/api/v1/tracking/awb-unregister/',
      body: { cp_id: 1, waybill: '786000454820', key: KEY },
    });
  });
});

describe('answers that cannot be used', () => {
  it.each([
    ['HTML', '<html>oops</html>'],
    ['no meta', '{"result": []}'],
    ['result of the wrong type', '{"meta": {"status": 200, "success": true}, "result": "yes"}'],
  ])('%s → ClickpostResponseError', async (_name, body) => {
    stub.handle((_request, reply) => reply.type('application/json').send(body));
    const error = await failureOf(client.returnsDelta(window));
    expect(error).toBeInstanceOf(ClickpostResponseError);
  });

  it('an echo of the key in a vendor message is redacted', async () => {
    stub.handle(() => ({ meta: { status: 301, success: false, message: `key ${KEY} is not valid` } }));
    const error = await failureOf(client.returnsDelta(window));
    expect(error.message).toContain('key [redacted] is not valid');
  });

  it('an oversized answer is refused', async () => {
    const small = new ClickpostClient({
      key: KEY,
      username: 'u',
      baseUrl: stub.baseUrl,
      maxResponseBytes: 1024,
    });
    stub.handle(() => ({ meta: { status: 200, success: true }, result: ['x'.repeat(4096)] }));
    const error = await failureOf(small.returnsDelta(window));
    expect(error).toBeInstanceOf(ClickpostResponseError);
    await small.close();
  });
});

describe('bad input is refused before anything is sent', () => {
  it.each([
    ['no waybills', { cpId: 1, waybills: [] }],
    ['a comma inside a waybill', { cpId: 1, waybills: ['A,B'] }],
    ['a blank waybill', { cpId: 1, waybills: ['  '] }],
    ['a control character', { cpId: 1, waybills: ['A\nB'] }],
    ['a long waybill', { cpId: 1, waybills: ['A'.repeat(101)] }],
    ['cp_id 0', { cpId: 0, waybills: ['A'] }],
    ['cp_id NaN', { cpId: Number.NaN, waybills: ['A'] }],
    ['too many waybills', { cpId: 1, waybills: Array.from({ length: 51 }, (_, i) => `W${i}`) }],
  ])('track-order with %s', async (_name, input) => {
    const error = await failureOf(client.trackOrder(input));
    expect(error).toBeInstanceOf(ClickpostRequestError);
    expect(stub.requests).toHaveLength(0);
  });

  it('register-service with an unknown service id', async () => {
    const error = await failureOf(client.registerService(7 as 2));
    expect(error).toBeInstanceOf(ClickpostRequestError);
  });
});
