import { PassThrough } from 'node:stream';
import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, type Service } from '../src';

const services: Service[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

function makeService(isReady?: () => boolean) {
  const logs = new PassThrough();
  const lines: string[] = [];
  logs.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  const service = createService({
    name: 'test',
    host: '127.0.0.1',
    port: 0,
    logLevel: 'info',
    secretHeaders: ['x-increff-token'],
    logStream: logs,
    ...(isReady ? { isReady } : {}),
  });
  services.push(service);
  return { service, lines };
}

describe('createService', () => {
  it('serves health, readiness and Prometheus metrics', async () => {
    let ready = false;
    const { service } = makeService(() => ready);
    expect((await service.app.inject('/healthz')).statusCode).toBe(200);
    expect((await service.app.inject('/readyz')).statusCode).toBe(503);
    ready = true;
    expect((await service.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    const metrics = await service.app.inject('/metrics');
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
  });

  it('puts routes declared in plugins into the OpenAPI document', async () => {
    const { service } = makeService();
    await service.app.register(async (app) => {
      app.post('/v1/things', { schema: { body: Type.Object({ name: Type.String() }) } }, async () => ({}));
    });
    const document = (await service.app.inject('/openapi.json')).json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(['/v1/things']);
  });

  it('never writes secrets to the logs', async () => {
    const { service, lines } = makeService();
    service.app.get('/echo', async (request) => {
      request.log.info({ headers: request.headers }, 'received');
      return {};
    });
    await service.app.inject({
      url: '/echo',
      headers: {
        authorization: 'Bearer s3cr3t-token',
        webhook_key: 'hook-s3cr3t',
        'x-increff-token': 'inc-s3cr3t',
      },
    });
    const text = lines.join('\n');
    expect(text).toContain('received');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/s3cr3t/);
  });

  it('runs shutdown hooks in reverse order, once, and turns not-ready while stopping', async () => {
    const { service } = makeService();
    const order: string[] = [];
    service.onShutdown(() => {
      order.push('first');
    });
    service.onShutdown(() => {
      order.push('second');
    });
    await Promise.all([service.stop(), service.stop()]);
    expect(order).toEqual(['second', 'first']);
  });
});
