import { PassThrough } from 'node:stream';
import type { DlqRecord, RawEnvelope } from '@shipfold/contracts';
import { createService } from '@shipfold/service-kit';
import { type DeliveryWriter, RecordTooLarge } from '../src/delivery-writer';
import { createIngressMetrics } from '../src/metrics';
import { webhookRoutes } from '../src/webhook-routes';
import { type SourceSecrets, webhookSources } from '../src/webhook-sources';

export const SECRETS: SourceSecrets = {
  clickpostWebhookKeys: ['clickpost-key-current-0001', 'clickpost-key-previous-0002'],
  redoBearerTokens: ['redo-token-current-000001', 'redo-token-previous-00002'],
  increffHeader: 'x-increff-token',
  increffSecrets: ['increff-secret-current-001'],
};

export const AUTH = {
  clickpost: { webhook_key: 'clickpost-key-current-0001' },
  redo: { authorization: 'Bearer redo-token-current-000001' },
  increff: { 'x-increff-token': 'increff-secret-current-001' },
} as const;

export const ROUTES = {
  clickpost: '/v1/webhooks/clickpost',
  redo: '/v1/webhooks/redo',
  increff: '/v1/webhooks/increff/return-orders',
} as const;

/** A writer that keeps what it is given, and can be told to fail like an unreachable Kafka. */
export function fakeWriter() {
  const raw: RawEnvelope[] = [];
  const dlq: DlqRecord[] = [];
  const state = { failing: false, maxRecordBytes: Number.POSITIVE_INFINITY };
  const check = (value: unknown) => {
    if (state.failing) throw new Error('Kafka unreachable');
    const bytes = JSON.stringify(value).length;
    if (bytes > state.maxRecordBytes) throw new RecordTooLarge(bytes, state.maxRecordBytes);
  };
  const writer: DeliveryWriter = {
    async writeRaw(envelope) {
      check(envelope);
      raw.push(envelope);
    },
    async writeDlq(record) {
      check(record);
      dlq.push(record);
    },
  };
  return { writer, raw, dlq, state };
}

/** The webhook routes on a service-kit service, with a fake writer and the log lines captured. */
export async function testApp(options: { maxBodyBytes?: number } = {}) {
  const logs = new PassThrough();
  const lines: string[] = [];
  logs.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const sources = webhookSources(SECRETS);
  const service = createService({
    name: 'ingress',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'debug',
    secretHeaders: sources.map((source) => source.secretHeader),
    logStream: logs,
  });
  const fake = fakeWriter();
  await service.app.register(webhookRoutes, {
    prefix: '/v1/webhooks',
    sources,
    writer: fake.writer,
    metrics: createIngressMetrics(service.metrics),
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    retryAfterSeconds: 7,
  });
  await service.app.ready();
  return { app: service.app, service, ...fake, logLines: lines };
}
