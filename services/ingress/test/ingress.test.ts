import { afterEach, describe, expect, it } from 'vitest';
import { loadIngressConfig } from '../src/config';
import { createIngress, type Ingress } from '../src/service';
import { AUTH, ROUTES } from './test-app';

const ingresses: Ingress[] = [];
afterEach(async () => {
  await Promise.all(ingresses.splice(0).map((ingress) => ingress.stop()));
});

/** An ingress that has not connected (never started): nothing can be written yet. */
async function unconnected() {
  const ingress = createIngress(
    loadIngressConfig({
      KAFKA_BROKERS: '127.0.0.1:1',
      SCHEMA_REGISTRY_URL: 'http://127.0.0.1:1',
      LOG_LEVEL: 'silent',
      CLICKPOST_WEBHOOK_KEYS: AUTH.clickpost.webhook_key,
    }),
  );
  ingresses.push(ingress);
  await ingress.service.app.ready();
  return ingress;
}

describe('createIngress before Kafka is connected', () => {
  it('is not ready, and answers deliveries 503 with Retry-After at once', async () => {
    const { service, isReady } = await unconnected();
    expect(isReady()).toBe(false);
    expect((await service.app.inject('/readyz')).statusCode).toBe(503);
    const response = await service.app.inject({
      method: 'POST',
      url: ROUTES.clickpost,
      headers: { 'content-type': 'application/json', ...AUTH.clickpost },
      payload: '{}',
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ error: 'unavailable' });
  });

  it('serves the OpenAPI document and the ingress metrics', async () => {
    const { service } = await unconnected();
    const document = (await service.app.inject('/openapi.json')).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(Object.values(ROUTES)));
    const metrics = (await service.app.inject('/metrics')).body;
    expect(metrics).toContain('ingress_pending_records');
    expect(metrics).toContain('ingress_requests_total');
  });
});
