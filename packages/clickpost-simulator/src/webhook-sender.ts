import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import type { PlannedDelivery } from './delivery-plan';
import type { Prng } from './prng';

/**
 * Posts planned webhooks to the target as Clickpost does: JSON body, `webhook_key` header, and retries
 * (jittered exponential backoff) until the target answers HTTP 200 — any other answer, or none, is a
 * failure to retry. Several deliveries are in flight at once; they start in plan order.
 */

export interface SenderOptions {
  targetUrl: string;
  webhookKey: string;
  concurrency: number;
  /** Attempts per delivery, the first included. */
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
}

export interface SendStats {
  /** Deliveries that got a 200. */
  delivered: number;
  /** Deliveries given up on after maxAttempts. */
  failed: number;
  /** HTTP attempts in total (retries included). */
  attempts: number;
  /** Attempts answered with something else than 200, or not answered. */
  rejectedAttempts: number;
}

export interface SendReport extends SendStats {
  failures: { delivery: PlannedDelivery; lastError: string }[];
}

export class WebhookSender {
  readonly #options: SenderOptions;
  readonly #agent: Agent;
  readonly #jitter: Prng;

  constructor(options: SenderOptions, jitter: Prng) {
    this.#options = options;
    this.#jitter = jitter;
    this.#agent = new Agent({ connections: options.concurrency, connectTimeout: options.timeoutMs });
  }

  /** Sends every delivery (starting them in order), resolving when each is delivered or given up. */
  async send(deliveries: readonly PlannedDelivery[], signal?: AbortSignal): Promise<SendReport> {
    const report: SendReport = { delivered: 0, failed: 0, attempts: 0, rejectedAttempts: 0, failures: [] };
    let next = 0;
    const worker = async () => {
      while (next < deliveries.length) {
        signal?.throwIfAborted();
        const delivery = deliveries[next++] as PlannedDelivery;
        await this.#deliver(delivery, report, signal);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#options.concurrency) }, worker));
    return report;
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }

  async #deliver(delivery: PlannedDelivery, report: SendReport, signal?: AbortSignal): Promise<void> {
    const { maxAttempts, retryBaseMs, retryMaxMs } = this.#options;
    const body = JSON.stringify(delivery.payload);
    let lastError = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      report.attempts++;
      lastError = await this.#post(body, signal);
      if (lastError === '') {
        report.delivered++;
        return;
      }
      report.rejectedAttempts++;
      if (attempt < maxAttempts) {
        const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempt - 1));
        await sleep(Math.floor(this.#jitter.next() * ceiling), undefined, { signal });
      }
    }
    report.failed++;
    report.failures.push({ delivery, lastError });
  }

  /** One POST; '' on HTTP 200, else what went wrong. */
  async #post(body: string, signal?: AbortSignal): Promise<string> {
    const { targetUrl, webhookKey, timeoutMs } = this.#options;
    try {
      const response = await request(targetUrl, {
        dispatcher: this.#agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', webhook_key: webhookKey },
        body,
        signal: signal
          ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)])
          : AbortSignal.timeout(timeoutMs),
      });
      await response.body.dump();
      return response.statusCode === 200 ? '' : `HTTP ${response.statusCode}`;
    } catch (error) {
      signal?.throwIfAborted();
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
}
