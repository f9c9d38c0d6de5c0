import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs a polling cycle again and again until stopped: at once while the cycle says there is more to
 * do (catching up), else after `intervalMs`; a failed cycle is reported and retried after the interval.
 */
export interface LoopOptions<T> {
  cycle: (signal: AbortSignal) => Promise<T>;
  moreToDo: (result: T) => boolean;
  intervalMs: number;
  onResult?: (result: T) => void;
  onError: (error: unknown) => void;
}

export function startLoop<T>(options: LoopOptions<T>): { stop(): Promise<void> } {
  const controller = new AbortController();
  const { signal } = controller;
  const running = (async () => {
    while (!signal.aborted) {
      let again = false;
      try {
        const result = await options.cycle(signal);
        options.onResult?.(result);
        again = options.moreToDo(result);
      } catch (error) {
        if (signal.aborted) break;
        options.onError(error);
      }
      if (!again) await sleep(options.intervalMs, undefined, { signal }).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      controller.abort(new Error('poller stopping'));
      await running;
    },
  };
}
