import { startComponent, stopComponent } from '@shipfold/devstack';
import { waitFor } from '@shipfold/test-support';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readTopics, startIngress } from './int-support';
import { AUTH, ROUTES } from './test-app';

const ACK_TIMEOUT_MS = 2000;
let started: Awaited<ReturnType<typeof startIngress>>;
let kafkaStopped = false;

beforeAll(async () => {
  started = await startIngress({
    INGRESS_ACK_TIMEOUT_MS: String(ACK_TIMEOUT_MS),
    INGRESS_RETRY_AFTER_SECONDS: '3',
  });
});
afterAll(async () => {
  // Never leave the shared broker down, whatever happened above.
  if (kafkaStopped) await startComponent('kafka');
  await started?.ingress.stop();
});

const post = (body: string) =>
  fetch(new URL(ROUTES.clickpost, started.address), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...AUTH.clickpost },
    body,
  });

it('answers 503 with Retry-After within a bounded time while Kafka is down, and recovers without a restart', async () => {
  const before = await post('{"waybill":"before","cp_id":1}');
  expect(before.status).toBe(200);
  const { deliveryId: beforeId } = (await before.json()) as { deliveryId: string };

  await stopComponent('kafka');
  kafkaStopped = true;
  const outage = await Promise.all(
    Array.from({ length: 5 }, async (_, index) => {
      const startedAt = Date.now();
      const response = await post(`{"waybill":"during-${index}","cp_id":1}`);
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        ms: Date.now() - startedAt,
      };
    }),
  );
  for (const answer of outage) {
    expect(answer.status).toBe(503);
    expect(answer.retryAfter).toBe('3');
    // Bounded: the acknowledgement timeout, plus slack for a loaded machine.
    expect(answer.ms).toBeLessThan(ACK_TIMEOUT_MS + 2000);
  }

  await startComponent('kafka');
  kafkaStopped = false;
  const recovered = await waitFor(
    'a delivery accepted again after Kafka restarted',
    async () => {
      const response = await post('{"waybill":"after","cp_id":1}');
      return response.status === 200 ? ((await response.json()) as { deliveryId: string }) : false;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  expect(started.ingress.isReady()).toBe(true);

  const { names } = started;
  // The two deliveries have different keys, so they may sit in different partitions: wait for both.
  const records = await readTopics(names, [names.raw], (read) =>
    [beforeId, recovered.deliveryId].every((id) => read.some((record) => record.value.deliveryId === id)),
  );
  const keys = records.map((record) => record.key);
  expect(keys).toContain('clickpost:1:before');
  expect(keys).toContain('clickpost:1:after');
});
