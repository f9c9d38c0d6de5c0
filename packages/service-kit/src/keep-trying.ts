import { setTimeout as sleep } from 'node:timers/promises';
import { type Backoff, backoffDelay } from './backoff';

export interface KeepTryingOptions {
  log: {
    info(details: Record<string, unknown>, message: string): void;
    warn(details: Record<string, unknown>, message: string): void;
  };
  /** Give up quietly once this says so (the service is stopping). */
  stopped: () => boolean;
  backoff?: Backoff;
}

export const DEPENDENCY_BACKOFF: Backoff = { initialMs: 500, maxMs: 30_000 };

/**
 * Runs `attempt` until it succeeds (true) or the service stops (false), waiting longer after each
 * failure. It logs once when the first attempt fails and once when one succeeds after that: a change
 * of state, not every retry. For a dependency that is away at start-up (Kafka, PostgreSQL, the
 * registry): the process waits and reports not-ready instead of exiting.
 */
export async function keepTrying(
  what: string,
  attempt: () => Promise<unknown>,
  { log, stopped, backoff = DEPENDENCY_BACKOFF }: KeepTryingOptions,
): Promise<boolean> {
  let failures = 0;
  const since = Date.now();
  while (!stopped()) {
    try {
      await attempt();
      if (failures > 0)
        log.info({ what, failures, waitedMs: Date.now() - since }, `${what}: done after waiting`);
      return true;
    } catch (error) {
      failures++;
      if (failures === 1)
        log.warn({ what, err: error }, `${what}: failed, retrying with backoff until it works`);
      await sleep(backoffDelay(failures, backoff));
    }
  }
  return false;
}
