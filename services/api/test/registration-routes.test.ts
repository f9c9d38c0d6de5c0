import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ClickpostAccountError, type ClickpostError, ClickpostNetworkError } from '@shipfold/clickpost';
import type { Registrar, Registration } from '@shipfold/tracking-state';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shipmentRegistrationRoutes } from '../src/registration-routes';

const registration = (waybill: string, cpId: number, state: Registration['state']): Registration => ({
  waybill,
  cpId,
  accountCode: null,
  state,
  trackingId: state === 'registered' ? 7 : null,
  lastError: null,
  registeredAt: state === 'registered' ? '2024-06-01T12:00:00.000Z' : null,
  unregisteredAt: state === 'unregistered' ? '2024-06-01T12:00:00.000Z' : null,
  updatedAt: '2024-06-01T12:00:00.000Z',
});

let failWith: ClickpostError | null = null;
const calls: unknown[] = [];
const registrar: Registrar = {
  async register(input) {
    calls.push(input);
    if (failWith) throw failWith;
    return registration(input.waybill, input.cpId, 'registered');
  },
  async unregister(input) {
    calls.push(input);
    if (failWith) throw failWith;
    return registration(input.waybill, input.cpId, 'unregistered');
  },
};

const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
beforeAll(async () => {
  await app.register(shipmentRegistrationRoutes, { prefix: '/v1', registrar });
  await app.ready();
});
afterAll(() => app.close());

const post = (payload: unknown) =>
  app.inject({ method: 'POST', url: '/v1/shipments', payload: payload as object });

describe('POST /v1/shipments', () => {
  it('registers and answers the stored registration', async () => {
    failWith = null;
    const response = await post({ waybill: 'AWB1', cpId: 4, accountCode: 'Delhivery_Express_B2C' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ waybill: 'AWB1', cpId: 4, state: 'registered', trackingId: 7 });
  });

  it.each([
    ['no waybill', { cpId: 4 }],
    ['no cpId', { waybill: 'AWB1' }],
    ['a comma in the waybill', { waybill: 'A,B', cpId: 4 }],
    ['a blank waybill', { waybill: '   ', cpId: 4 }],
    ['a newline in the waybill', { waybill: 'A\nB', cpId: 4 }],
    ['a cpId of 0', { waybill: 'A', cpId: 0 }],
    ['a cpId as text', { waybill: 'A', cpId: 'four' }],
    ['a 101-character waybill', { waybill: 'W'.repeat(101), cpId: 4 }],
  ])('%s → 400, Clickpost not called', async (_name, payload) => {
    calls.length = 0;
    const response = await post(payload);
    expect(response.statusCode).toBe(400);
    expect(calls).toHaveLength(0);
  });

  it('a Clickpost refusal → 502 with its status', async () => {
    failWith = new ClickpostAccountError('awb-register', {
      status: 353,
      detail: 'Clickpost Account: Inactive',
      fieldErrors: {},
      httpStatus: 200,
      result: undefined,
    });
    const response = await post({ waybill: 'AWB1', cpId: 4 });
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual({
      error: 'clickpost-refused',
      message: 'clickpost awb-register: status 353: Clickpost Account: Inactive',
      clickpostStatus: 353,
    });
  });

  it('Clickpost unreachable → 503', async () => {
    failWith = new ClickpostNetworkError('awb-register', 'ECONNREFUSED', 'network error ECONNREFUSED');
    const response = await post({ waybill: 'AWB1', cpId: 4 });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: 'clickpost-unreachable' });
  });
});

describe('DELETE /v1/shipments/:waybill', () => {
  it('unregisters', async () => {
    failWith = null;
    const response = await app.inject({ method: 'DELETE', url: '/v1/shipments/AWB1?cpId=4' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ waybill: 'AWB1', cpId: 4, state: 'unregistered' });
  });

  it('needs a cpId', async () => {
    expect((await app.inject({ method: 'DELETE', url: '/v1/shipments/AWB1' })).statusCode).toBe(400);
    expect((await app.inject({ method: 'DELETE', url: '/v1/shipments/AWB1?cpId=x' })).statusCode).toBe(400);
  });
});
