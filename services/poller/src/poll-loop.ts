import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs a polling cycle again and again until stopped: at once while the cycle says there is more to
 * do (catching up), else after `intervalMs`; a failed cycle is reported and retried after the interval.
 * The loop knows whether its last cycle failed, so that a Clickpost outage shows as not ready and is
 * logged when it starts and when it ends, not at every retry.
 */
export interface LoopOptions<T> {
  cycle: (signal: AbortSignal) => Promise<T>;
  moreToDo: (result: T) => boolean;
  intervalMs: number;
  onResult?: (result: T) => void;
  /** A cycle failed; `failures` counts the failures in a row (1: the loop was fine until now). */
  onError: (error: unknown, failures: number) => void;
  /** A cycle succeeded after `failures` failed ones in a row. */
  onRecovered?: (failures: number) => void;
}

export interface Loop {
  /** Whether the last cycle failed. */
  isFailing(): boolean;
  stop(): Promise<void>;
}

export function startLoop<T>(options: LoopOptions<T>): Loop {
  const controller = new AbortController();
  const { signal } = controller;
  let failures = 0;
  const running = (async () => {
    while (!signal.aborted) {
      let again = false;
      try {
        const result = await options.cycle(signal);
        if (failures > 0) options.onRecovered?.(failures);
        failures = 0;
        options.onResult?.(result);
        again = options.moreToDo(result);
      } catch (error) {
        if (signal.aborted) break;
        failures += 1;
        options.onError(error, failures);
      }
      if (!again) await sleep(options.intervalMs, undefined, { signal }).catch(() => undefined);
    }
  })();
  return {
    isFailing: () => failures > 0,
    async stop() {
      controller.abort(new Error('poller stopping'));
      await running;
    },
  };
}
