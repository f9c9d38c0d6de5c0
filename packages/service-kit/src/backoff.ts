/** Capped exponential backoff for retrying a dependency that is away. Pure. */

export interface Backoff {
  /** The first wait (ms). */
  initialMs: number;
  /** No wait is longer (ms). */
  maxMs: number;
}

/**
 * The wait before retry number `retry` (from 1): it doubles from `initialMs` up to `maxMs`, and its
 * upper half is random ("equal jitter"), so processes that failed together do not come back in step,
 * yet none retries at once.
 */
export function backoffDelay(
  retry: number,
  { initialMs, maxMs }: Backoff,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
