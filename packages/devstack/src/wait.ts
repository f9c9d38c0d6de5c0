export interface WaitOptions {
  /** What is being waited for, for the error message. */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Checked before each attempt: a reason to give up at once (the process died, say). */
  abortIf?: () => Promise<string | undefined>;
}

export class WaitTimeoutError extends Error {}

/** Polls `condition` until it holds, the deadline passes, or `abortIf` names a reason to stop. */
export async function waitFor(condition: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const { what, timeoutMs, intervalMs = 500, abortIf } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const abort = await abortIf?.();
    if (abort) throw new WaitTimeoutError(`gave up waiting for ${what}: ${abort}`);
    if (await condition()) return;
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(`${what} did not happen within ${Math.round(timeoutMs / 1000)} s`);
    }
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
}
