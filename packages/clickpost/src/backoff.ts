/** When and how long to wait before trying a Clickpost request again. Pure. */

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** Ceiling of the first backoff; doubles with every retry. */
  baseDelayMs: number;
  /** Ceiling of any backoff. */
  maxDelayMs: number;
  /** A Retry-After longer than this ends the retries: the caller decides when to come back. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/**
 * "Full jitter" exponential backoff: uniform in [0, min(maxDelay, base·2^(retry-1))], so clients that
 * failed together do not come back together. `retry` counts from 1.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After as delta-seconds or an HTTP-date, in milliseconds from `nowMs`; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return null;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date) || !/[a-z]/i.test(trimmed)) return null;
  return Math.max(0, date - nowMs);
}

/**
 * The wait before retry number `retry`, or null when no retry should follow. A Retry-After is
 * respected as a minimum (plus a little jitter); beyond `maxRetryAfterMs` we stop retrying.
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | null,
  policy: RetryPolicy,
  random: () => number,
): number | null {
  if (retry >= policy.maxAttempts) return null;
  if (retryAfterMs === null) return backoffDelay(retry, policy, random);
  if (retryAfterMs > policy.maxRetryAfterMs) return null;
  return retryAfterMs + Math.floor(random() * policy.baseDelayMs);
}
