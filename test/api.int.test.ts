import { type Api, createApi, loadApiConfig } from '@shipfold/api';
import { ClickpostSimulator } from '@shipfold/clickpost-simulator';
import type { DlqRecord, DomainEvent } from '@shipfold/contracts';
import { createPool, dropDatabase } from '@shipfold/db';
import { createProjectorService, loadProjectorConfig } from '@shipfold/projector';
import {
  item,
  observation,
  produceEvents,
  returnPlaced,
  returnProcessed,
  statusObserved,
} from '@shipfold/test-support';
import {
  freshDatabase,
  freshTopics,
  kafkaFor,
  produceRejections,
  waitCaughtUp,
} from '@shipfold/test-support/integration';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const CLICKPOST_KEY = 'api-int-test-key';
let simulator: ClickpostSimulator;

/** The read API against tables the real projector filled from real topics. */

const delivered = observation(8, '2024-03-05T10:30:00Z', 'Delivered');
const events: DomainEvent[] = [
  // Clickpost's example: three webhooks sent together, all with latest_status = delivered.
  statusObserved({
    waybill: 'P0109276342',
    cpId: 14,
    statusCode: 6,
    occurredAt: '2024-03-05T08:00:00Z',
    status: 'O',
    location: 'VASAI, MUMBAI',
    latestStatus: delivered,
  }),
  statusObserved({
    waybill: 'P0109276342',
    cpId: 14,
    statusCode: 8,
    occurredAt: '2024-03-05T10:30:00Z',
    status: 'Delivered',
    latestStatus: delivered,
  }),
  statusObserved({
    waybill: 'P0109276342',
    cpId: 14,
    statusCode: 5,
    occurredAt: '2024-03-05T06:00:00Z',
    status: 'In transit',
    latestStatus: delivered,
  }),
  // A failed delivery with NDR.
  statusObserved({
    waybill: 'XYZABC',
    cpId: 1,
    statusCode: 9,
    occurredAt: '2016-07-12T11:42:36.710Z',
    ndrCode: 1,
    ndrDescription: 'Customer Unavailable',
  }),
  // One waybill at two couriers.
  statusObserved({ waybill: 'TWICE', cpId: 1, statusCode: 5, occurredAt: '2024-03-01T00:00:00Z' }),
  statusObserved({ waybill: 'TWICE', cpId: 2, statusCode: 4, occurredAt: '2024-03-01T00:00:00Z' }),
  // One return through the placement webhook, the delta poll, RVP tracking and Increff.
  returnPlaced('placed-1', '2024-03-06T02:17:07.161221Z', {
    forwardAwb: 'P0109276342',
    forwardReference: '1405277',
    status: 'Return Order Placed',
    statusCode: 101,
    items: [item('120667'), item('9649')],
  }),
  returnPlaced('delta-1', '2024-03-06T02:17:08Z', {
    source: 'clickpost.returns-delta',
    returnReference: '8036651667991648',
    forwardAwb: 'P0109276342',
    forwardReference: '1405277',
    refundMode: 'Back to source',
    items: [item('120667', 1, { reason: 'Size Issue' }), item('9649')],
  }),
  statusObserved({
    waybill: 'RVP1',
    cpId: 25,
    statusCode: 4,
    occurredAt: '2024-03-07T09:00:00Z',
    isRvp: true,
    forwardAwb: 'P0109276342',
  }),
  returnProcessed('increff-1', '2024-03-09T12:00:00Z', {
    returnReference: '8036651667991648',
    items: [
      item('9649', 1, { qcStatus: 'PASS' }),
      item('120667', 1, { qcStatus: 'FAIL', qcReason: 'DAMAGED' }),
    ],
  }),
];

const rejection: DlqRecord = {
  deliveryId: '0190f1f4-8a5e-7cc3-9a4e-6f1d2c3b4a59',
  stage: 'normalizer',
  reason: 'unreadable-timestamp',
  detail: 'timestamp "yesterday" is not a date',
  path: '$.timestamp',
  rejectedAt: '2026-11-23T09:00:01Z',
  envelope: {
    deliveryId: '0190f1f4-8a5e-7cc3-9a4e-6f1d2c3b4a59',
    source: 'clickpost.webhook',
    receivedAt: '2026-11-23T09:00:00Z',
    contentType: 'application/json',
    headers: {},
    body: '{"timestamp": "yesterday"}',
    contentSha256: 'b'.repeat(64),
    partitionKey: 'x',
  },
};

let api: Api;
let databaseUrl: string;
let stopProjector: () => Promise<void>;

beforeAll(async () => {
  const { prefix, names } = await freshTopics(2);
  const io = await kafkaFor(names);
  databaseUrl = await freshDatabase();
  await produceEvents(io.producer, io.codec, names, events);
  await produceRejections(io.producer, io.codec, names, [rejection]);
  const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
  const projector = createProjectorService(
    loadProjectorConfig({
      KAFKA_BROKERS: kafkaBrokers,
      SCHEMA_REGISTRY_URL: schemaRegistryUrl,
      DATABASE_URL: databaseUrl,
      TOPIC_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'silent',
    }),
  );
  await projector.start();
  const pool = createPool(databaseUrl, { max: 1 });
  await waitCaughtUp(io.admin, pool, names);
  stopProjector = async () => {
    await pool.end();
    await projector.stop();
    await io.close();
  };
  simulator = new ClickpostSimulator({ seed: 'api-int', key: CLICKPOST_KEY, world: { shipments: 1 } });
  const clickpostUrl = await simulator.listen();
  api = createApi(
    loadApiConfig({
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'silent',
      CLICKPOST_API_KEY: CLICKPOST_KEY,
      CLICKPOST_BASE_URL: clickpostUrl,
    }),
  );
  await api.start();
});

afterAll(async () => {
  await api?.stop();
  await simulator?.close();
  await stopProjector?.();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

describe('AWB registration with Clickpost', () => {
  it('registers a waybill, shows the registration on the shipment, and unregisters it', async () => {
    const registered = await api.service.app.inject({
      method: 'POST',
      url: '/v1/shipments',
      payload: { waybill: 'P0109276342', cpId: 14 },
    });
    expect(registered.statusCode, registered.body).toBe(200);
    expect(registered.json()).toMatchObject({ waybill: 'P0109276342', cpId: 14, state: 'registered' });
    expect((await get('/v1/shipments/P0109276342')).body.registration).toMatchObject({ state: 'registered' });

    const unregistered = await api.service.app.inject({
      method: 'DELETE',
      url: '/v1/shipments/P0109276342?cpId=14',
    });
    expect(unregistered.statusCode).toBe(200);
    expect((await get('/v1/shipments/P0109276342')).body.registration).toMatchObject({
      state: 'unregistered',
    });
    expect((await get('/v1/shipments/XYZABC')).body.registration).toBeNull();
  });

  it('answers 400 naming the problem for a bad registration request', async () => {
    const bad = await api.service.app.inject({
      method: 'POST',
      url: '/v1/shipments',
      payload: { waybill: 'A,B' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/cpId|waybill/);
  });
});

const get = async (url: string) => {
  const response = await api.service.app.inject({ method: 'GET', url });
  return { status: response.statusCode, type: response.headers['content-type'], body: response.json() };
};

describe('GET /v1/shipments/:waybill', () => {
  it("answers Clickpost's example as one delivered shipment with its three scans, oldest first", async () => {
    const { status, body } = await get('/v1/shipments/P0109276342');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      waybill: 'P0109276342',
      cpId: 14,
      current: {
        statusCode: 8,
        description: 'DELIVERED',
        bucket: 6,
        status: 'Delivered',
        location: null,
        occurredAt: '2024-03-05T10:30:00.000000Z',
      },
      isTerminal: true,
      ndr: null,
      isRvp: false,
      forwardAwb: null,
    });
    expect(
      body.scans.map(
        (scan: { statusCode: number; status: string; location: string | null; occurredAt: string }) => [
          scan.statusCode,
          scan.status,
          scan.location,
          scan.occurredAt,
        ],
      ),
    ).toEqual([
      [5, 'In transit', null, '2024-03-05T06:00:00.000000Z'],
      [6, 'O', 'VASAI, MUMBAI', '2024-03-05T08:00:00.000000Z'],
      [8, 'Delivered', null, '2024-03-05T10:30:00.000000Z'],
    ]);
  });

  it('gives the NDR of a failed delivery', async () => {
    const { body } = await get('/v1/shipments/XYZABC?cpId=1');
    expect(body.ndr).toEqual({ code: 1, description: 'Customer Unavailable' });
    expect(body.isTerminal).toBe(false);
  });

  it('asks for cpId when a waybill exists at several couriers', async () => {
    expect(await get('/v1/shipments/TWICE')).toMatchObject({
      status: 409,
      body: { error: 'ambiguous-waybill', cpIds: [1, 2] },
    });
    expect((await get('/v1/shipments/TWICE?cpId=2')).body.current.statusCode).toBe(4);
  });

  it('answers JSON 404 for an unknown waybill, and 400 naming bad parameters', async () => {
    expect(await get('/v1/shipments/NOPE')).toMatchObject({
      status: 404,
      type: expect.stringContaining('application/json'),
      body: { error: 'not-found' },
    });
    const badCpId = await get('/v1/shipments/XYZABC?cpId=abc');
    expect(badCpId.status).toBe(400);
    expect(badCpId.body.problems).toEqual([{ parameter: 'querystring.cpId', message: expect.any(String) }]);
    const unknown = await get('/v1/shipments/XYZABC?cp=1');
    expect(unknown.status).toBe(400);
    expect(unknown.body.problems[0].parameter).toBe('querystring.cp');
    const long = await get(`/v1/shipments/${'W'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.body.problems[0].parameter).toBe('params.waybill');
    expect((await get('/v1/shipments/%20')).status).toBe(400);
  });
});

describe('GET /v1/returns', () => {
  it('answers one return seen through four channels, with its pickup', async () => {
    const { status, body } = await get('/v1/returns/ref:8036651667991648');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 'ref:8036651667991648',
      returnReference: '8036651667991648',
      returnAwb: 'RVP1',
      cpId: 25,
      forwardAwb: 'P0109276342',
      forwardReference: '1405277',
      refundMode: 'Back to source',
      pickup: { waybill: 'RVP1', cpId: 25, statusCode: 4, description: 'PICKED_UP', isTerminal: false },
      channels: ['clickpost.returns-delta', 'clickpost.webhook', 'increff.return-callback'],
    });
    expect(body.items).toEqual([
      item('120667', 1, { reason: 'Size Issue', qcStatus: 'FAIL', qcReason: 'DAMAGED' }),
      item('9649', 1, { qcStatus: 'PASS' }),
    ]);
  });

  it('finds a return by any of its identity keys', async () => {
    expect((await get('/v1/returns/awb:25:RVP1')).body.id).toBe('ref:8036651667991648');
  });

  it('lists returns by a link, and 400s unless exactly one link is given', async () => {
    for (const query of [
      'forwardAwb=P0109276342',
      'forwardReference=1405277',
      'returnReference=8036651667991648',
    ]) {
      const { status, body } = await get(`/v1/returns?${query}`);
      expect(status).toBe(200);
      expect(body.returns.map((r: { id: string }) => r.id)).toEqual(['ref:8036651667991648']);
    }
    expect((await get('/v1/returns?forwardAwb=NOTHING')).body).toEqual({ returns: [] });
    expect(await get('/v1/returns')).toMatchObject({ status: 400, body: { error: 'bad-request' } });
    expect((await get('/v1/returns?forwardAwb=a&returnReference=b')).status).toBe(400);
    expect((await get('/v1/returns?forwardAwb=a&limit=0')).body.problems[0].parameter).toBe(
      'querystring.limit',
    );
  });

  it('answers JSON 404 for an unknown return', async () => {
    expect(await get('/v1/returns/ref:nope')).toMatchObject({ status: 404, body: { error: 'not-found' } });
  });
});

describe('GET /v1/dlq', () => {
  it('lists recent rejections with their reasons', async () => {
    const { status, body } = await get('/v1/dlq');
    expect(status).toBe(200);
    expect(body.rejections).toEqual([
      {
        topic: expect.stringMatching(/\.dlq\.v1$/),
        partition: expect.any(Number),
        offset: '0',
        deliveryId: rejection.deliveryId,
        stage: 'normalizer',
        reason: 'unreadable-timestamp',
        detail: rejection.detail,
        path: '$.timestamp',
        source: 'clickpost.webhook',
        receivedAt: '2026-11-23T09:00:00.000000Z',
        rejectedAt: '2026-11-23T09:00:01.000000Z',
      },
    ]);
    expect((await get('/v1/dlq?includeEnvelope=true')).body.rejections[0].envelope).toEqual(
      rejection.envelope,
    );
    expect((await get('/v1/dlq?reason=malformed-json')).body.rejections).toEqual([]);
  });

  it('400s a reason that does not exist', async () => {
    const { status, body } = await get('/v1/dlq?reason=bogus&limit=9999');
    expect(status).toBe(400);
    expect(body.problems.map((p: { parameter: string }) => p.parameter)).toEqual(
      expect.arrayContaining(['querystring.reason', 'querystring.limit']),
    );
  });
});

describe('the service', () => {
  it('publishes OpenAPI, health and metrics, and answers unknown routes with JSON 404', async () => {
    const openapi = await get('/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/v1/shipments/{waybill}', '/v1/returns/{id}', '/v1/returns', '/v1/dlq']),
    );
    expect((await get('/readyz')).status).toBe(200);
    expect(await get('/v1/nothing-here')).toMatchObject({ status: 404, body: { error: 'not-found' } });
    const metrics = await api.service.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('http_request_duration_seconds');
  });

  it('listens on a real port', async () => {
    const address = api.service.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    const response = await fetch(`http://127.0.0.1:${address.port}/v1/shipments/XYZABC`);
    expect(response.status).toBe(200);
  });
});
