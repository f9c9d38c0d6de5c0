import { createServer } from 'node:net';

/**
 * Traffic for fault tests: a sender that keeps posting Clickpost webhooks to an ingress as Clickpost
 * does (a 503, a refused or reset connection is retried until a 2xx), one new waybill per delivery, and
 * counts every answer; a free port for a service that must come back on the same one; readiness.
 */

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export const readyz = async (port: number) =>
  (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.status;

/** Posts one webhook per new waybill until the ingress acknowledges it (2xx), with 4 senders at once. */
export function retryingSender(port: number, key: string) {
  const acked = new Set<string>();
  const answers = new Map<number | string, number>();
  let next = 0;
  let sending = true;
  const post = async (waybill: string) => {
    for (;;) {
      const body = JSON.stringify({
        waybill,
        cp_id: 4,
        clickpost_status_code: 5,
        status: 'In transit',
        location: 'Pune',
        timestamp: '2024-03-05 11:30:00',
      });
      const status = await fetch(`http://127.0.0.1:${port}/v1/webhooks/clickpost`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', webhook_key: key },
        body,
        signal: AbortSignal.timeout(15_000),
      }).then(
        (response) => response.status,
        (error: Error) => (error.cause as { code?: string } | undefined)?.code ?? error.name,
      );
      answers.set(status, (answers.get(status) ?? 0) + 1);
      if (status === 200) return acked.add(waybill);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const workers = Array.from({ length: 4 }, async () => {
    while (sending) await post(`FAULT-${String(next++).padStart(6, '0')}`);
  });
  return {
    acked,
    answers,
    sent: () => next,
    async stop() {
      sending = false;
      await Promise.all(workers);
    },
  };
}
