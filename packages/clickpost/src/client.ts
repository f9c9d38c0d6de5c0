import type { Dispatcher } from 'undici';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './backoff';
import {
  ClickpostAlreadyRegisteredError,
  type ClickpostOperation,
  ClickpostRequestError,
  ClickpostResponseError,
} from './errors';
import type { ClickpostMeta } from './meta';
import { redactor } from './redact';
import { type Answer, type AttemptReport, type RateLimit, Transport } from './transport';
import type {
  AwbRegistration,
  AwbRegistrationResult,
  ClickpostServiceId,
  ReturnsDeltaResult,
  TrackOrderValue,
} from './types';
import { assertZone, type DeltaQueryTimes, deltaQueryTimes, type TimeWindow } from './window';

export interface ClickpostPaths {
  trackOrder: string;
  awbRegister: string;
  awbUnregister: string;
  registerService: string;
  returnsDelta: string;
}

/** Paths as Clickpost documents them, relative to the base URL. */
export const DEFAULT_PATHS: ClickpostPaths = {
  trackOrder: '/v2/track-order/',
  awbRegister: '/v2/tracking/awb-register/',
  awbUnregister: '/v1/tracking/awb-unregister/',
  registerService: '/v1/register-service/',
  returnsDelta: '/v1/return_order_poll/',
};

export const DEFAULT_BASE_URL = 'https://www.clickpost.in/api';

export interface ClickpostClientOptions {
  /** API key: sent to Clickpost, never logged, redacted from every error. */
  key: string;
  /** Enterprise user name (`username` for track-order, `user_name` for the delta API). */
  username: string;
  baseUrl?: string;
  paths?: Partial<ClickpostPaths>;
  /** Per attempt, from connect to the last byte of the body. Default 10 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Default: 5 requests per second. */
  rateLimit?: RateLimit;
  /** Waybills per track-order request. Default 50. */
  maxWaybillsPerRequest?: number;
  /** Larger answers are refused. Default 16 MiB. */
  maxResponseBytes?: number;
  /** Zone of the delta API's naive start_time / end_time. Default UTC. */
  deltaTimeZone?: string;
  onAttempt?: (report: AttemptReport) => void;
  dispatcher?: Dispatcher;
  /** Source of jitter; replaceable for reproducible tests. */
  random?: () => number;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface TrackOrderAnswer {
  meta: ClickpostMeta;
  /** Entries by waybill as Clickpost sent them (including `valid: false` ones). */
  entries: Map<string, TrackOrderValue>;
  /** Requested waybills the answer said nothing about (`result: null` or no key). */
  unknown: string[];
}

export interface ReturnsDeltaAnswer {
  meta: ClickpostMeta;
  window: DeltaQueryTimes;
  results: ReturnsDeltaResult[];
}

const MAX_WAYBILL_LENGTH = 100;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class ClickpostClient {
  readonly #key: string;
  readonly #username: string;
  readonly #paths: ClickpostPaths;
  readonly #maxWaybills: number;
  readonly #deltaZone: string;
  readonly #transport: Transport;

  constructor(options: ClickpostClientOptions) {
    if (options.key.length === 0) throw new RangeError('clickpost: an API key is required');
    this.#key = options.key;
    this.#username = options.username;
    this.#paths = { ...DEFAULT_PATHS, ...options.paths };
    this.#maxWaybills = options.maxWaybillsPerRequest ?? 50;
    this.#deltaZone = options.deltaTimeZone ?? 'UTC';
    assertZone(this.#deltaZone);
    this.#transport = new Transport({
      baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
      timeoutMs: options.timeoutMs ?? 10_000,
      retry: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      rateLimit: options.rateLimit ?? { limit: 5, intervalMs: 1000 },
      maxResponseBytes: options.maxResponseBytes ?? 16 * 1024 * 1024,
      redact: redactor([options.key]),
      random: options.random ?? Math.random,
      onAttempt: options.onAttempt,
      dispatcher: options.dispatcher,
    });
  }

  /** Tracking of up to `maxWaybillsPerRequest` waybills of one courier partner (GET, comma-separated). */
  async trackOrder(
    input: { cpId: number; waybills: readonly string[] },
    options: CallOptions = {},
  ): Promise<TrackOrderAnswer> {
    const operation = 'track-order';
    checkCpId(operation, input.cpId);
    if (input.waybills.length === 0) throw new ClickpostRequestError(operation, 'no waybills given');
    if (input.waybills.length > this.#maxWaybills) {
      throw new ClickpostRequestError(
        operation,
        `${input.waybills.length} waybills in one request; at most ${this.#maxWaybills}`,
      );
    }
    for (const waybill of input.waybills) checkWaybill(operation, waybill);
    const answer = await this.#transport.send({
      operation,
      method: 'GET',
      path: this.#paths.trackOrder,
      query: {
        username: this.#username,
        key: this.#key,
        waybill: input.waybills.join(','),
        cp_id: String(input.cpId),
      },
      signal: options.signal,
    });
    if (answer.result !== null && answer.result !== undefined && !isRecord(answer.result)) {
      throw new ClickpostResponseError(
        operation,
        answer.httpStatus,
        'result is not an object keyed by waybill',
      );
    }
    const entries = new Map<string, TrackOrderValue>();
    for (const [waybill, entry] of Object.entries(answer.result ?? {})) {
      if (isRecord(entry) || Array.isArray(entry)) entries.set(waybill, entry as TrackOrderValue);
    }
    return {
      meta: answer.meta,
      entries,
      unknown: input.waybills.filter((waybill) => !entries.has(waybill)),
    };
  }

  /** Registers a waybill for tracking (webhooks). Clickpost's 303 "already registered" is a success. */
  async registerAwb(input: AwbRegistration, options: CallOptions = {}): Promise<AwbRegistrationResult> {
    const operation = 'awb-register';
    checkCpId(operation, input.cpId);
    checkWaybill(operation, input.waybill);
    const body = {
      waybill: input.waybill,
      cp_id: input.cpId,
      key: this.#key,
      ...(input.accountCode === undefined ? {} : { account_code: input.accountCode }),
      ...(input.consumerDetails === undefined ? {} : { consumer_details: input.consumerDetails }),
      ...(input.shipmentInfo === undefined ? {} : { shipment_info: input.shipmentInfo }),
      ...(input.additional === undefined ? {} : { additional: input.additional }),
    };
    try {
      const answer = await this.#post(operation, this.#paths.awbRegister, body, options);
      return { outcome: 'registered', ...registrationIds(answer.result) };
    } catch (error) {
      if (error instanceof ClickpostAlreadyRegisteredError && error.status === 303) {
        return { outcome: 'already-registered', ...registrationIds(error.result) };
      }
      throw error;
    }
  }

  /** Stops tracking a waybill ("mark a shipment expired"). */
  async unregisterAwb(input: { cpId: number; waybill: string }, options: CallOptions = {}): Promise<void> {
    const operation = 'awb-unregister';
    checkCpId(operation, input.cpId);
    checkWaybill(operation, input.waybill);
    await this.#post(
      operation,
      this.#paths.awbUnregister,
      { cp_id: input.cpId, waybill: input.waybill, key: this.#key },
      options,
    );
  }

  /** Registers the account for a service; 304 "already registered for service" is a success. */
  async registerService(
    serviceId: ClickpostServiceId,
    options: CallOptions = {},
  ): Promise<{ outcome: 'registered' | 'already-registered' }> {
    const operation = 'register-service';
    if (![1, 2, 3].includes(serviceId)) {
      throw new ClickpostRequestError(operation, `unknown service id ${String(serviceId)}`);
    }
    try {
      await this.#post(
        operation,
        this.#paths.registerService,
        { key: this.#key, service_id: serviceId },
        options,
      );
      return { outcome: 'registered' };
    } catch (error) {
      if (error instanceof ClickpostAlreadyRegisteredError && error.status === 304) {
        return { outcome: 'already-registered' };
      }
      throw error;
    }
  }

  /**
   * Return requests raised in a window of at most 60 minutes. A longer (or empty, or reversed) window
   * is refused with a ClickpostWindowError before anything is sent.
   */
  async returnsDelta(window: TimeWindow, options: CallOptions = {}): Promise<ReturnsDeltaAnswer> {
    const operation = 'returns-delta';
    const times = deltaQueryTimes(window, this.#deltaZone);
    const answer = await this.#transport.send({
      operation,
      method: 'GET',
      path: this.#paths.returnsDelta,
      query: { key: this.#key, user_name: this.#username, ...times },
      signal: options.signal,
    });
    const result = answer.result ?? [];
    if (!Array.isArray(result) || !result.every(isRecord)) {
      throw new ClickpostResponseError(operation, answer.httpStatus, 'result is not a list of objects');
    }
    return { meta: answer.meta, window: times, results: result as ReturnsDeltaResult[] };
  }

  async close(): Promise<void> {
    await this.#transport.close();
  }

  #post(operation: ClickpostOperation, path: string, json: unknown, options: CallOptions): Promise<Answer> {
    return this.#transport.send({ operation, method: 'POST', path, json, signal: options.signal });
  }
}

/** Refuses (ClickpostRequestError) a waybill or cp_id that Clickpost cannot be asked about. */
export function checkShipmentId(
  operation: ClickpostOperation,
  shipment: { waybill: string; cpId: number },
): void {
  checkCpId(operation, shipment.cpId);
  checkWaybill(operation, shipment.waybill);
}

function checkCpId(operation: ClickpostOperation, cpId: number): void {
  if (!Number.isSafeInteger(cpId) || cpId <= 0) {
    throw new ClickpostRequestError(operation, `cp_id must be a positive integer, got ${String(cpId)}`);
  }
}

function checkWaybill(operation: ClickpostOperation, waybill: string): void {
  // A comma would smuggle a second waybill into a comma-separated list.
  if (
    typeof waybill !== 'string' ||
    waybill.trim().length === 0 ||
    waybill.length > MAX_WAYBILL_LENGTH ||
    /[,\p{Cc}]/u.test(waybill)
  ) {
    throw new ClickpostRequestError(
      operation,
      `invalid waybill ${JSON.stringify(String(waybill)).slice(0, 120)}`,
    );
  }
}

function registrationIds(result: unknown): { trackingId: number | null; securityKey: string | null } {
  const record = isRecord(result) ? result : {};
  return {
    trackingId: typeof record.tracking_id === 'number' ? record.tracking_id : null,
    securityKey: typeof record.security_key === 'string' ? record.security_key : null,
  };
}
