import { createApi, loadApiConfig } from '@shipfold/api';
import { dropDatabase } from '@shipfold/db';
import { createIngress, loadIngressConfig } from '@shipfold/ingress';
import { createNormalizerService, loadNormalizerConfig } from '@shipfold/normalizer';
import { createProjectorService, loadProjectorConfig } from '@shipfold/projector';
import { random, shuffledWithDuplicates, waitFor } from '@shipfold/test-support';
import { freshDatabase, freshTopics } from '@shipfold/test-support/integration';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

/**
 * End to end through the real Kafka, schema registry and PostgreSQL: vendor payloads POSTed to the
 * ingress over HTTP, shuffled and duplicated, normalized, projected, and read back from the API.
 */

const CLICKPOST_KEY = 'e2e-clickpost-webhook-key';
const INCREFF_SECRET = 'e2e-increff-callback-secret';

/** Clickpost's example: in transit, out for delivery, delivered sent together, latest_status delivered. */
const delivered = {
  clickpost_status_code: 8,
  clickpost_status_description: 'Delivered',
  status: 'Delivered',
  location: 'Mumbai',
  remark: 'Delivered to consignee',
  timestamp: '2024-03-05 16:00:00',
};
const scan = (code: number, description: string, status: string, timestamp: string) => ({
  waybill: 'E2E-P1',
  cp_id: 14,
  clickpost_status_code: code,
  clickpost_status_description: description,
  status,
  location: 'Pune',
  remark: status,
  timestamp,
  additional: { latest_status: delivered },
});

const rvpScan = (code: number, status: string, timestamp: string) => ({
  waybill: 'E2E-RVP1',
  cp_id: 25,
  clickpost_status_code: code,
  status,
  location: 'Pune',
  remark: status,
  timestamp,
  additional: {
    latest_status: { clickpost_status_code: code, status, location: 'Pune', remark: status, timestamp },
    is_rvp: true,
    forward_awb: 'E2E-P1',
    forward_reference_number: 'E2E-ORDER-1',
    return_reference_number: 'E2E-R1',
  },
});

interface Delivery {
  path: string;
  headers: Record<string, string>;
  body: string;
}

const clickpost = (payload: unknown): Delivery => ({
  path: '/v1/webhooks/clickpost',
  headers: { 'content-type': 'application/json', webhook_key: CLICKPOST_KEY },
  body: JSON.stringify(payload),
});

const deliveries: Delivery[] = [
  clickpost(scan(5, 'InTransit', 'In transit', '2024-03-05 11:30:00')),
  clickpost(scan(6, 'OutForDelivery', 'Out for delivery', '2024-03-05 13:30:00')),
  clickpost({ ...scan(8, 'Delivered', 'Delivered', '2024-03-05 16:00:00'), location: 'Mumbai' }),
  // Seed 000's Return Order Placed webhook: blank waybill, cp_id -1, no return reference.
  clickpost({
    location: '',
    remark: 'Return Order Placed',
    notification_event: 11,
    timestamp: '2024-03-06 10:00:00.161221',
    clickpost_status_code: 101,
    cp_id: -1,
    waybill: '',
    clickpost_status_bucket: 8,
    status: 'Return Order Placed',
    clickpost_status_description: 'Return Order Placed',
    additional: {
      is_rvp: true,
      notification_event_id: 11,
      forward_awb: 'E2E-P1',
      self_shipped: false,
      forward_reference_number: 'E2E-ORDER-1',
      item_info: [
        { sku: 'SKU-A', quantity: 1 },
        { sku: 'SKU-B', quantity: 2 },
      ],
    },
  }),
  clickpost(rvpScan(25, 'Out for Pickup', '2024-03-07 10:15:00')),
  clickpost(rvpScan(4, 'Picked up', '2024-03-07 12:40:00')),
  // Increff: returnOrderCode is the Clickpost return reference.
  {
    path: '/v1/webhooks/increff/return-orders',
    headers: { 'content-type': 'application/json', 'x-increff-token': INCREFF_SECRET },
    body: JSON.stringify({
      returnOrderCode: 'E2E-R1',
      forwardOrderCode: 'E2E-ORDER-1',
      locationCode: 'WH1',
      messageId: 777001,
      eventTime: '2024-03-10T09:00:00.000+05:30',
      items: [
        {
          itemCode: 'i1',
          channelSkuCode: 'SKU-A',
          qcStatus: 'PASS',
          qcReason: null,
          returnOrderItemStatus: 'RECEIVED',
        },
        {
          itemCode: 'i2',
          channelSkuCode: 'SKU-B',
          qcStatus: 'FAIL',
          qcReason: 'DAMAGED',
          returnOrderItemStatus: 'RECEIVED',
        },
        {
          itemCode: 'i3',
          channelSkuCode: 'SKU-B',
          qcStatus: 'PASS',
          qcReason: null,
          returnOrderItemStatus: 'RECEIVED',
        },
      ],
    }),
  },
  // Not JSON at all: kept, and rejected with a reason.
  {
    path: '/v1/webhooks/clickpost',
    headers: { 'content-type': 'application/json', webhook_key: CLICKPOST_KEY },
    body: '{"waybill": "E2E-BAD",',
  },
];

const stops: Array<() => Promise<void>> = [];
let databaseUrl: string;
let ingressUrl: string;
let api: ReturnType<typeof createApi>;

beforeAll(async () => {
  const { prefix } = await freshTopics(3);
  databaseUrl = await freshDatabase();
  const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
  const env = {
    KAFKA_BROKERS: kafkaBrokers,
    SCHEMA_REGISTRY_URL: schemaRegistryUrl,
    DATABASE_URL: databaseUrl,
    TOPIC_PREFIX: prefix,
    PORT: '0',
    LOG_LEVEL: 'silent',
    CLICKPOST_WEBHOOK_KEYS: CLICKPOST_KEY,
    INCREFF_CALLBACK_SECRETS: INCREFF_SECRET,
  };
  const ingress = createIngress(loadIngressConfig(env));
  ingressUrl = await ingress.start();
  stops.push(() => ingress.stop());
  await waitFor('the ingress to connect to Kafka', () => ingress.isReady(), { timeoutMs: 60_000 });
  const normalizer = createNormalizerService(loadNormalizerConfig(env));
  await normalizer.start();
  stops.push(() => normalizer.stop());
  const projector = createProjectorService(loadProjectorConfig(env));
  await projector.start();
  stops.push(() => projector.stop());
  api = createApi(loadApiConfig(env));
  await api.start();
  stops.push(() => api.stop());
});

afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  if (databaseUrl) await dropDatabase(databaseUrl);
});

const read = async (url: string) => {
  const response = await api.service.app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() };
};

describe('webhook to API', () => {
  it('folds shuffled, duplicated deliveries into the aggregates the API serves', async () => {
    const shuffled = shuffledWithDuplicates(deliveries, 41, 0.5);
    // Concurrent senders, in random groups.
    const next = random(42);
    for (let start = 0; start < shuffled.length; ) {
      const size = 1 + Math.floor(next() * 3);
      const group = shuffled.slice(start, start + size);
      start += size;
      const answers = await Promise.all(
        group.map((delivery) =>
          fetch(`${ingressUrl}${delivery.path}`, {
            method: 'POST',
            headers: delivery.headers,
            body: delivery.body,
          }),
        ),
      );
      for (const answer of answers) expect(answer.status).toBeLessThan(500);
    }

    const shipment = await waitFor(
      'the shipment to be delivered with its three scans',
      async () => {
        const { status, body } = await read('/v1/shipments/E2E-P1');
        return status === 200 && body.scans.length === 3 ? body : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(shipment).toMatchObject({
      waybill: 'E2E-P1',
      cpId: 14,
      current: {
        statusCode: 8,
        status: 'Delivered',
        location: 'Mumbai',
        occurredAt: '2024-03-05T10:30:00.000000Z',
      },
      isTerminal: true,
      isRvp: false,
    });
    expect(shipment.scans.map((s: { statusCode: number }) => s.statusCode)).toEqual([5, 6, 8]);

    const order = await waitFor(
      'one return, seen through the placement webhook, RVP tracking and Increff',
      async () => {
        const { body } = await read('/v1/returns?forwardAwb=E2E-P1');
        const [only] = body.returns;
        return body.returns.length === 1 && only.channels.length === 2 && only.pickup?.statusCode === 4
          ? only
          : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(order).toMatchObject({
      id: 'ref:E2E-R1',
      returnReference: 'E2E-R1',
      returnAwb: 'E2E-RVP1',
      cpId: 25,
      forwardAwb: 'E2E-P1',
      forwardReference: 'E2E-ORDER-1',
      selfShipped: false,
      channels: ['clickpost.webhook', 'increff.return-callback'],
      pickup: { waybill: 'E2E-RVP1', statusCode: 4 },
    });
    expect(
      order.items.map((i: { sku: string; quantity: number; qcStatus: string | null }) => [
        i.sku,
        i.quantity,
        i.qcStatus,
      ]),
    ).toEqual([
      ['SKU-A', 1, 'PASS'],
      ['SKU-B', 2, 'FAIL, PASS'],
    ]);

    const rejected = await waitFor(
      'the malformed delivery in the DLQ',
      async () => {
        const { body } = await read('/v1/dlq?reason=malformed-json');
        return body.rejections.length > 0 ? body.rejections : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(rejected[0]).toMatchObject({ reason: 'malformed-json', source: 'clickpost.webhook' });
  });
});
