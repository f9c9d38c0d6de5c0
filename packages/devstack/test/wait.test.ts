import { describe, expect, it } from 'vitest';
import { WaitTimeoutError, waitFor } from '../src/wait';

describe('waitFor', () => {
  it('returns once the condition holds', async () => {
    let calls = 0;
    await waitFor(async () => ++calls >= 3, { what: 'three calls', timeoutMs: 5000, intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it('fails with the thing waited for once the deadline passes', async () => {
    await expect(
      waitFor(async () => false, { what: 'the impossible', timeoutMs: 30, intervalMs: 5 }),
    ).rejects.toThrow(new WaitTimeoutError('the impossible did not happen within 0 s'));
  });

  it('gives up at once when told why', async () => {
    let calls = 0;
    const waiting = waitFor(
      async () => {
        calls += 1;
        return false;
      },
      {
        what: 'kafka',
        timeoutMs: 60_000,
        intervalMs: 1,
        abortIf: async () => (calls >= 2 ? 'process 7 exited' : undefined),
      },
    );
    await expect(waiting).rejects.toThrow('gave up waiting for kafka: process 7 exited');
    expect(calls).toBe(2);
  });
});
