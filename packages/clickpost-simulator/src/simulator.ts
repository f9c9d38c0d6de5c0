import { setTimeout as sleep } from 'node:timers/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { type ApiFaults, registerApi } from './api';
import {
  type DeliveryPlan,
  type FaultOptions,
  NO_FAULTS,
  type PlannedDelivery,
  planDeliveries,
} from './delivery-plan';
import { generateWorld, type WorldOptions } from './journeys';
import { Prng } from './prng';
import { SimulatorState } from './state';
import { type GroundTruth, groundTruth } from './truth';
import { type SenderOptions, type SendReport, WebhookSender } from './webhook-sender';

/**
 * A Clickpost look-alike: a world of shipment journeys and returns generated from a seed, served over
 * Clickpost's API, and pushed as webhooks (with disorder, duplicates, bursts and drops) to a target.
 */

export interface SimulatorOptions {
  seed: string | number;
  /** API key the simulated Clickpost accepts. */
  key: string;
  username: string;
  world: WorldOptions;
  faults: FaultOptions;
  apiFaults: ApiFaults;
  webhook: Omit<SenderOptions, 'targetUrl'> & { targetUrl: string | null };
  /** Zone of naive timestamps (track-order, Return Order Placed webhook). */
  naiveZone: string;
  /** Zone of the delta API's start_time / end_time. */
  deltaZone: string;
  maxWaybills: number;
  /** The simulated present: what the API shows is what has happened by then. */
  now: () => number;
  /** A pino level, or false for no logs. */
  logLevel: string | false;
}

export type SimulatorInput = Partial<Omit<SimulatorOptions, 'world' | 'faults' | 'apiFaults' | 'webhook'>> & {
  seed: string | number;
  key: string;
  world?: Partial<WorldOptions>;
  faults?: Partial<FaultOptions>;
  apiFaults?: Partial<ApiFaults>;
  webhook?: Partial<SimulatorOptions['webhook']>;
};

const HOUR = 60 * 60 * 1000;

export function simulatorOptions(input: SimulatorInput): SimulatorOptions {
  const now = input.now ?? Date.now;
  const present = now();
  return {
    username: 'shipfold',
    naiveZone: 'Asia/Kolkata',
    deltaZone: 'UTC',
    maxWaybills: 50,
    logLevel: false,
    ...input,
    now,
    world: {
      shipments: 50,
      returnRate: 0.3,
      startAt: present - 72 * HOUR,
      spreadMs: 24 * HOUR,
      scanGapMs: { minMs: 10 * 60_000, maxMs: 8 * HOUR },
      returnDelayMs: { minMs: 30 * 60_000, maxMs: 24 * HOUR },
      awbDelayMs: { minMs: 10 * 60_000, maxMs: 6 * HOUR },
      until: present,
      ...input.world,
    },
    faults: { ...NO_FAULTS, ...input.faults },
    apiFaults: { http5xxRate: 0, http429Rate: 0, retryAfterSeconds: 1, latencyMs: 0, ...input.apiFaults },
    webhook: {
      targetUrl: null,
      webhookKey: 'dev-only-clickpost-webhook-key',
      concurrency: 8,
      maxAttempts: 6,
      retryBaseMs: 100,
      retryMaxMs: 5000,
      timeoutMs: 10_000,
      ...input.webhook,
    },
  };
}

/** Request logs without the API key, which Clickpost's GET APIs carry in the query string. */
function loggerOptions(level: string | false) {
  if (level === false) return false;
  return {
    level,
    serializers: {
      req: (request: { method: string; url: string }) => ({
        method: request.method,
        url: request.url.replace(/([?&]key=)[^&]*/g, '$1[redacted]'),
      }),
    },
  };
}

export class ClickpostSimulator {
  readonly options: SimulatorOptions;
  readonly app: FastifyInstance;
  readonly state: SimulatorState;
  readonly plan: DeliveryPlan;
  readonly #prng: Prng;
  #sender: WebhookSender | null = null;
  readonly #stopping = new AbortController();

  constructor(input: SimulatorInput) {
    this.options = simulatorOptions(input);
    this.#prng = new Prng(this.options.seed);
    const world = generateWorld(this.#prng.fork('world'), this.options.world);
    this.state = new SimulatorState(world);
    this.plan = planDeliveries(this.#prng.fork('deliveries'), world, this.options.faults, this.options);
    this.app = Fastify({
      logger: loggerOptions(this.options.logLevel),
      routerOptions: { ignoreTrailingSlash: true },
      forceCloseConnections: true,
    });
    registerApi(this.app, this.state, {
      ...this.options,
      faults: this.options.apiFaults,
      faultPrng: this.#prng.fork('api-faults'),
    });
    this.app.get('/_simulator/truth', async () => this.truth());
    this.app.get('/_simulator/plan', async () => ({
      deliveries: this.plan.deliveries.length,
      dropped: this.plan.dropped.length,
      duplicates: this.plan.deliveries.filter((delivery) => delivery.duplicate).length,
    }));
  }

  /** Changes the API's injected faults from now on (an outage, a slow Clickpost, and their end). */
  setApiFaults(faults: Partial<ApiFaults>): void {
    Object.assign(this.options.apiFaults, faults);
  }

  /** Listens on host:port (0: any free port) and returns the base URL of the API (…/api). */
  async listen(host = '127.0.0.1', port = 0): Promise<string> {
    const address = await this.app.listen({ host, port });
    return `${address}/api`;
  }

  truth(): GroundTruth {
    return groundTruth(this.state.world);
  }

  /** Sends the whole plan now, in plan order, ignoring send times: the test mode. */
  async sendAll(deliveries: readonly PlannedDelivery[] = this.plan.deliveries): Promise<SendReport> {
    return this.#senderFor().send(deliveries, this.#stopping.signal);
  }

  /**
   * Sends each planned webhook once the simulated present reaches its send time, until everything
   * is sent or stop() is called: the local mode, in which journeys unfold while you watch.
   */
  async sendLive(pollMs = 1000): Promise<SendReport> {
    const total: SendReport = { delivered: 0, failed: 0, attempts: 0, rejectedAttempts: 0, failures: [] };
    let next = 0;
    const { deliveries } = this.plan;
    while (next < deliveries.length && !this.#stopping.signal.aborted) {
      const now = this.options.now();
      let end = next;
      while (end < deliveries.length && (deliveries[end] as PlannedDelivery).sendAt <= now) end++;
      if (end > next) {
        const report = await this.#senderFor().send(deliveries.slice(next, end), this.#stopping.signal);
        total.delivered += report.delivered;
        total.failed += report.failed;
        total.attempts += report.attempts;
        total.rejectedAttempts += report.rejectedAttempts;
        total.failures.push(...report.failures);
        next = end;
      } else {
        await sleep(pollMs, undefined, { signal: this.#stopping.signal }).catch(() => {});
      }
    }
    return total;
  }

  async close(): Promise<void> {
    this.#stopping.abort(new Error('simulator stopped'));
    await this.#sender?.close();
    await this.app.close();
  }

  #senderFor(): WebhookSender {
    const { webhook } = this.options;
    if (webhook.targetUrl === null) throw new Error('no webhook target URL configured');
    this.#sender ??= new WebhookSender(
      { ...webhook, targetUrl: webhook.targetUrl },
      this.#prng.fork('sender'),
    );
    return this.#sender;
  }
}
