import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import pThrottle from 'p-throttle';
import { Agent, type Dispatcher, request } from 'undici';
import { parseRetryAfter, type RetryPolicy, retryDelay } from './backoff';
import {
  ClickpostApiError,
  type ClickpostError,
  ClickpostHttpError,
  ClickpostNetworkError,
  type ClickpostOperation,
  ClickpostResponseError,
  ClickpostTimeoutError,
} from './errors';
import { apiError, type ClickpostMeta, parseBody, RETRYABLE_BODY_STATUSES } from './meta';
import { BodyTooLargeError, readLimited } from './read-limited';

/**
 * HTTP to Clickpost: undici's request on a keep-alive Agent, a per-attempt timeout, retries with
 * jittered exponential backoff on network errors, 5xx and 429 (Retry-After respected), and a
 * client-side rate limit that every attempt (retries included) goes through.
 */

export interface RateLimit {
  /** Requests allowed in any `intervalMs`. */
  limit: number;
  intervalMs: number;
}

/** What happened to one attempt, for logs and metrics. Carries no URL, query or body. */
export interface AttemptReport {
  operation: ClickpostOperation;
  attempt: number;
  /** When the rate limit let the attempt go, epoch milliseconds. */
  startedAt: number;
  durationMs: number;
  httpStatus: number | null;
  /** meta.status of the body, when there was one. */
  clickpostStatus: number | null;
  /** Network error code, e.g. ECONNRESET or ETIMEDOUT. */
  errorCode: string | null;
  /** The wait before the next attempt; null when this attempt was the last. */
  retryInMs: number | null;
}

export interface TransportOptions {
  baseUrl: string;
  timeoutMs: number;
  retry: RetryPolicy;
  rateLimit: RateLimit;
  maxResponseBytes: number;
  redact: (text: string) => string;
  random: () => number;
  onAttempt?: (report: AttemptReport) => void;
  /** Your own undici dispatcher (proxy, mock); the transport then does not close it. */
  dispatcher?: Dispatcher;
}

export interface Call {
  operation: ClickpostOperation;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  json?: unknown;
  signal?: AbortSignal;
}

export interface Answer {
  httpStatus: number;
  meta: ClickpostMeta;
  result: unknown;
}

type Attempt =
  | { kind: 'answer'; httpStatus: number; retryAfterMs: number | null; body: string }
  | { kind: 'network'; code: string; message: string; timedOut: boolean }
  | { kind: 'oversized' };

/** The outcome of one attempt: an answer, or an error that may or may not be worth retrying. */
type Verdict =
  | { kind: 'done'; answer: Answer }
  | { kind: 'failed'; error: ClickpostError; retryAfterMs: number | null; retry: boolean };

export class Transport {
  readonly #options: TransportOptions;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #closing = new AbortController();
  /** Resolves with the time the rate limit let the call go. */
  readonly #acquire: () => Promise<number>;

  constructor(options: TransportOptions) {
    this.#options = options;
    // Every call in flight listens on the closing signal for as long as it waits; many concurrent
    // calls are normal, not a leak.
    setMaxListeners(0, this.#closing.signal);
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ?? new Agent({ connectTimeout: options.timeoutMs, keepAliveTimeout: 10_000 });
    // strict: the limit holds for every sliding interval, not only per fixed window. The weight
    // option switches p-throttle to its weighted algorithm, which re-checks at execution time against
    // the times calls really started, so a timer that fires late cannot squeeze two calls too close.
    this.#acquire = pThrottle({
      limit: options.rateLimit.limit,
      interval: options.rateLimit.intervalMs,
      strict: true,
      weight: () => 1,
      signal: this.#closing.signal,
    })(async () => Date.now());
  }

  async send(call: Call): Promise<Answer> {
    const { retry, random, onAttempt } = this.#options;
    for (let attempt = 1; ; attempt++) {
      const startedAt = await this.#waitForTurn(call.signal);
      const clock = performance.now();
      const result = await this.#attempt(call);
      const verdict = this.#judge(call.operation, result);
      const wait =
        verdict.kind === 'failed' && verdict.retry
          ? retryDelay(attempt, verdict.retryAfterMs, retry, random)
          : null;
      onAttempt?.({
        operation: call.operation,
        attempt,
        startedAt,
        durationMs: Math.round(performance.now() - clock),
        httpStatus: result.kind === 'answer' ? result.httpStatus : null,
        clickpostStatus: clickpostStatusOf(verdict),
        errorCode: result.kind === 'network' ? result.code : null,
        retryInMs: wait,
      });
      if (verdict.kind === 'done') return verdict.answer;
      if (wait === null) throw verdict.error;
      await sleep(wait, undefined, { signal: this.#signalFor(call.signal) });
    }
  }

  /** Stops pending waits and closes the connections this transport opened. */
  async close(): Promise<void> {
    this.#closing.abort(new Error('clickpost client closed'));
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  #signalFor(callSignal: AbortSignal | undefined): AbortSignal {
    return callSignal ? AbortSignal.any([callSignal, this.#closing.signal]) : this.#closing.signal;
  }

  async #waitForTurn(callSignal: AbortSignal | undefined): Promise<number> {
    if (callSignal === undefined) return this.#acquire(); // the throttle itself stops on close()
    const signal = this.#signalFor(callSignal);
    signal.throwIfAborted();
    let onAbort = (): void => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([this.#acquire(), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async #attempt(call: Call): Promise<Attempt> {
    const { baseUrl, timeoutMs, maxResponseBytes, redact } = this.#options;
    const url = new URL(`${baseUrl.replace(/\/+$/, '')}${call.path}`);
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value);
    const timeout = AbortSignal.timeout(timeoutMs);
    const callSignal = this.#signalFor(call.signal);
    try {
      const response = await request(url, {
        dispatcher: this.#dispatcher,
        method: call.method,
        headers: {
          accept: 'application/json',
          'user-agent': 'shipfold-clickpost/0.1',
          ...(call.json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: call.json === undefined ? undefined : JSON.stringify(call.json),
        signal: AbortSignal.any([timeout, callSignal]),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const body = await readLimited(response.body, maxResponseBytes);
      return {
        kind: 'answer',
        httpStatus: response.statusCode,
        retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()),
        body,
      };
    } catch (error) {
      // A cancellation by the caller (or close()) is not a failure to retry: let it through.
      if (callSignal.aborted) throw callSignal.reason;
      if (error instanceof BodyTooLargeError) return { kind: 'oversized' };
      const timedOut =
        timeout.aborted ||
        ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'].includes(
          codeOf(error),
        );
      return {
        kind: 'network',
        code: timedOut ? 'ETIMEDOUT' : codeOf(error),
        message: redact(error instanceof Error ? error.message : String(error)),
        timedOut,
      };
    }
  }

  #judge(operation: ClickpostOperation, attempt: Attempt): Verdict {
    const { redact, maxResponseBytes } = this.#options;
    if (attempt.kind === 'oversized') {
      const error = new ClickpostResponseError(
        operation,
        0,
        `response larger than ${maxResponseBytes} bytes`,
      );
      return { kind: 'failed', error, retryAfterMs: null, retry: false };
    }
    if (attempt.kind === 'network') {
      const error = attempt.timedOut
        ? new ClickpostTimeoutError(operation, attempt.code, `no answer within ${this.#options.timeoutMs} ms`)
        : new ClickpostNetworkError(
            operation,
            attempt.code,
            `network error ${attempt.code}: ${attempt.message}`,
          );
      return { kind: 'failed', error, retryAfterMs: null, retry: true };
    }
    const { httpStatus, retryAfterMs, body } = attempt;
    const retryableHttp = httpStatus === 429 || httpStatus >= 500;
    const parsed = parseBody(body);
    if (parsed.kind === 'ok' && httpStatus >= 200 && httpStatus < 300) {
      return { kind: 'done', answer: { httpStatus, meta: parsed.meta, result: parsed.result } };
    }
    if (parsed.kind === 'error') {
      const error = apiError(operation, parsed.meta, parsed.result, httpStatus, redact);
      const retry = retryableHttp || RETRYABLE_BODY_STATUSES.has(parsed.meta.status);
      return { kind: 'failed', error, retryAfterMs, retry };
    }
    if (httpStatus >= 200 && httpStatus < 300) {
      const reason = parsed.kind === 'unreadable' ? parsed.reason : 'unexpected body';
      return {
        kind: 'failed',
        error: new ClickpostResponseError(operation, httpStatus, reason),
        retryAfterMs,
        retry: false,
      };
    }
    return {
      kind: 'failed',
      error: new ClickpostHttpError(operation, httpStatus, retryAfterMs),
      retryAfterMs,
      retry: retryableHttp,
    };
  }
}

function clickpostStatusOf(verdict: Verdict): number | null {
  if (verdict.kind === 'done') return verdict.answer.meta.status;
  return verdict.error instanceof ClickpostApiError ? verdict.error.status : null;
}

function codeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string') return code;
    if (typeof name === 'string') return name;
  }
  return 'UNKNOWN';
}
