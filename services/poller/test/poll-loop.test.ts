import { waitFor } from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import { type Loop, startLoop } from '../src/poll-loop';

describe('poll loop', () => {
  it('counts failures in a row, says when it recovered, and knows whether it is failing', async () => {
    // Cycles: ok, fail, fail, fail, ok, then ok forever.
    const outcomes = ['ok', 'fail', 'fail', 'fail', 'ok'];
    let cycles = 0;
    const failingSeen: boolean[] = [];
    const errors: number[] = [];
    const recovered: number[] = [];
    // The first cycle starts inside startLoop, before it returned the loop.
    let loop: Loop | undefined;
    loop = startLoop({
      cycle: async () => {
        failingSeen.push(loop?.isFailing() ?? false);
        const outcome = outcomes[cycles++] ?? 'ok';
        if (outcome === 'fail') throw new Error('Clickpost answered 503');
        return outcome;
      },
      moreToDo: () => false,
      intervalMs: 1,
      onError: (_error, failures) => errors.push(failures),
      onRecovered: (failures) => recovered.push(failures),
    });
    await waitFor('six cycles', () => cycles >= 6);
    await loop.stop();
    expect(errors).toEqual([1, 2, 3]);
    expect(recovered).toEqual([3]);
    // Before each cycle: whether the one before it failed.
    expect(failingSeen.slice(0, 6)).toEqual([false, false, true, true, true, false]);
    expect(loop.isFailing()).toBe(false);
  });

  it('goes on at once while there is more to do, and stops between cycles', async () => {
    let cycles = 0;
    const loop = startLoop({
      cycle: async () => ++cycles,
      moreToDo: (n) => n < 5,
      // An interval the test would time out on: the first five cycles must not wait for it.
      intervalMs: 60_000,
      onError: () => undefined,
    });
    await waitFor('five cycles without waiting', () => cycles >= 5, { timeoutMs: 2000 });
    await loop.stop();
    expect(cycles).toBe(5);
  });
});
