import { type Backoff, backoffDelay } from '@shipfold/service-kit';

/**
 * When `shipfold start` restarts a process that ended. Pure.
 *
 * A process of this project exits non-zero only for a failure it cannot recover from by itself (the
 * crash policy: a dependency that is away never ends it). Such a process is restarted alone, after a
 * wait that doubles with each failure in a row (1 s up to 30 s); a run that lasted a minute counts as
 * healthy and starts the count again. Exit code 0 means it was asked to stop: it stays stopped.
 */

export const RESTART_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000 };
/** A run at least this long resets the count of failures in a row. */
export const HEALTHY_RUN_MS = 60_000;

export interface Ended {
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** How long this run lasted (ms). */
  ranMs: number;
  /** Failures in a row before this one. */
  failuresBefore: number;
}

export type RestartDecision = { restart: false } | { restart: true; delayMs: number; failuresInARow: number };

export function restartDecision(ended: Ended, random: () => number = Math.random): RestartDecision {
  if (ended.code === 0) return { restart: false };
  const failuresInARow = ended.ranMs >= HEALTHY_RUN_MS ? 1 : ended.failuresBefore + 1;
  return { restart: true, delayMs: backoffDelay(failuresInARow, RESTART_BACKOFF, random), failuresInARow };
}
