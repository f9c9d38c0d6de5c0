import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import type { LoadDelivery, Vendor } from './load-plan';

/**
 * Sends a load's deliveries to one or more ingress instances as the vendors do: each delivery is
 * retried (jittered exponential backoff, each try to the next instance, as behind a load balancer)
 * until an instance answers 2xx, while new deliveries keep coming at the set rate. Its ledger is the
 * ground truth of what was acknowledged, when, and every answer.
 */

export interface Credentials {
  clickpostWebhookKey: string;
  redoBearerToken: string;
  increffHeader: string;
  increffSecret: string;
}

export interface SenderOptions {
  /** Ingress base URLs (`http://127.0.0.1:3000`). */
  targets: readonly string[];
  credentials: Credentials;
  /** Deliveries started per second; null: as fast as `concurrency` allows. */
  ratePerSecond: number | null;
  /** Requests in flight at most. */
  concurrency: number;
  timeoutMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

export interface Acknowledgement {
  /** performance.now() of the 2xx. */
  at: number;
  /** The ingress's delivery id (Increff's answer is empty: null). */
  deliveryId: string | null;
}

export class Ledger {
  /** Deliveries started. */
  started = 0;
  /** First acknowledgement of each delivery, by its index in the load. */
  readonly acked = new Map<number, Acknowledgement>();
  /**
   * Deliveries refused for good with a 4xx (not 408 or 429): the ingress's reason is final, as it is
   * for the vendors. The delivery id is there when the ingress kept the delivery (on the DLQ).
   */
  readonly refused = new Map<number, { status: number; deliveryId: string | null }>();
  /** Indexes in the order they were acknowledged. */
  readonly ackOrder: number[] = [];
  /** Every answer (HTTP status, or the network error's code) with its time, in order. */
  readonly answers: { at: number; status: number | string }[] = [];
  /** performance.now() of the last acknowledgement. */
  get lastAckAt(): number {
    const last = this.ackOrder.at(-1);
    return last === undefined ? this.startedAt : (this.acked.get(last) as Acknowledgement).at;
  }
  /** Deliveries still unacknowledged when the sender gave up. */
  gaveUp = 0;
  readonly startedAt = performance.now();
  finishedAt = 0;

  answerCounts(from = 0, to = Number.POSITIVE_INFINITY): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { at, status } of this.answers) {
      if (at >= from && at < to) counts[status] = (counts[status] ?? 0) + 1;
    }
    return counts;
  }
}

/** Each vendor's route on the ingress. */
export const WEBHOOK_PATHS: Record<Vendor, string> = {
  clickpost: '/v1/webhooks/clickpost',
  redo: '/v1/webhooks/redo',
  increff: '/v1/webhooks/increff/return-orders',
};

/** A vendor's request headers: its credential, as it sends it, and the content type. */
export function vendorHeaders(
  vendor: Vendor,
  credentials: Credentials,
  contentType = 'application/json',
): Record<string, string> {
  const base = { 'content-type': contentType };
  if (vendor === 'clickpost') return { ...base, webhook_key: credentials.clickpostWebhookKey };
  if (vendor === 'redo') return { ...base, authorization: `Bearer ${credentials.redoBearerToken}` };
  return { ...base, [credentials.increffHeader.toLowerCase()]: credentials.increffSecret };
}

export class LoadSender {
  readonly ledger = new Ledger();
  readonly #options: SenderOptions;
  #ratePerSecond: number | null;
  readonly #agent: Agent;
  readonly #stopping = new AbortController();
  #inFlight = 0;
  #waiting: (() => void)[] = [];
  #nextTarget = 0;

  constructor(options: SenderOptions) {
    if (options.targets.length === 0) throw new Error('no ingress to send to');
    this.#options = options;
    this.#ratePerSecond = options.ratePerSecond;
    this.#agent = new Agent({ connections: options.concurrency, connectTimeout: options.timeoutMs });
  }

  /**
   * Sends every delivery (starting them at the rate), resolving when each is acknowledged, or given up
   * on once `giveUp()` was called.
   */
  async send(deliveries: readonly LoadDelivery[]): Promise<Ledger> {
    const start = performance.now();
    const pending: Promise<void>[] = [];
    for (const [index, delivery] of deliveries.entries()) {
      if (this.#stopping.signal.aborted) break;
      if (this.#ratePerSecond !== null) {
        const due = start + (index * 1000) / this.#ratePerSecond;
        const wait = due - performance.now();
        if (wait > 1) await sleep(wait);
      }
      await this.#slot();
      this.ledger.started++;
      pending.push(this.#deliver(index, delivery, true));
    }
    await Promise.all(pending);
    this.ledger.finishedAt = performance.now();
    return this.ledger;
  }

  /** From now on, sends the rest as fast as `concurrency` allows (the end of a run, after the faults). */
  unpace(): void {
    this.#ratePerSecond = null;
  }

  /** Stops starting deliveries and retrying: what is not acknowledged yet is counted as given up. */
  giveUp(): void {
    this.#stopping.abort();
  }

  async close(): Promise<void> {
    this.giveUp();
    await this.#agent.close();
  }

  async #slot(): Promise<void> {
    if (this.#inFlight < this.#options.concurrency) {
      this.#inFlight++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#inFlight--;
  }

  async #deliver(index: number, delivery: LoadDelivery, holdingSlot: boolean): Promise<void> {
    const { retryBaseMs, retryMaxMs } = this.#options;
    let holding = holdingSlot;
    for (let attempt = 1; ; attempt++) {
      if (!holding) await this.#slot();
      const answer = await this.#post(delivery).finally(() => this.#release());
      holding = false;
      this.ledger.answers.push({ at: performance.now(), status: answer.status });
      const { status } = answer;
      if (typeof status === 'number' && status >= 200 && status < 300) {
        this.ledger.acked.set(index, { at: performance.now(), deliveryId: answer.deliveryId });
        this.ledger.ackOrder.push(index);
        return;
      }
      if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429) {
        this.ledger.refused.set(index, { status, deliveryId: answer.deliveryId });
        return;
      }
      if (this.#stopping.signal.aborted) {
        this.ledger.gaveUp++;
        return;
      }
      const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempt - 1, 20));
      await sleep(Math.floor(Math.random() * ceiling));
    }
  }

  async #post(delivery: LoadDelivery): Promise<{ status: number | string; deliveryId: string | null }> {
    const { targets, credentials, timeoutMs } = this.#options;
    const target = targets[this.#nextTarget++ % targets.length] as string;
    try {
      const response = await request(`${target}${WEBHOOK_PATHS[delivery.vendor]}`, {
        dispatcher: this.#agent,
        method: 'POST',
        headers: vendorHeaders(delivery.vendor, credentials),
        body: delivery.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.body.text();
      return { status: response.statusCode, deliveryId: text === '' ? null : deliveryIdIn(text) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      return { status: code ?? (error instanceof Error ? error.name : 'error'), deliveryId: null };
    }
  }
}

function deliveryIdIn(text: string): string | null {
  try {
    const id = (JSON.parse(text) as { deliveryId?: unknown }).deliveryId;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
