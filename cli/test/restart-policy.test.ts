import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HEALTHY_RUN_MS, RESTART_BACKOFF, restartDecision } from '../src/supervisor/restart-policy';

const middle = () => 0.5;

describe('restartDecision', () => {
  it('leaves a process that exited with code 0 stopped: it was asked to stop', () => {
    expect(restartDecision({ code: 0, signal: null, ranMs: 5, failuresBefore: 3 })).toEqual({
      restart: false,
    });
  });

  it('restarts a failed or killed process after a wait that doubles with each failure in a row', () => {
    const waits = [0, 1, 2, 3, 4, 5, 6].map((failuresBefore) =>
      restartDecision({ code: 1, signal: null, ranMs: 100, failuresBefore }, middle),
    );
    expect(waits.map((decision) => (decision.restart ? decision.delayMs : -1))).toEqual([
      750, 1500, 3000, 6000, 12_000, 22_500, 22_500,
    ]);
    expect(restartDecision({ code: null, signal: 'SIGKILL', ranMs: 100, failuresBefore: 0 }, middle)).toEqual(
      {
        restart: true,
        delayMs: 750,
        failuresInARow: 1,
      },
    );
  });

  it('counts failures from 1 again after a healthy run', () => {
    expect(
      restartDecision({ code: 1, signal: null, ranMs: HEALTHY_RUN_MS, failuresBefore: 9 }, middle),
    ).toEqual({
      restart: true,
      delayMs: 750,
      failuresInARow: 1,
    });
  });

  it('never waits less than half the step, nor longer than the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 10 * HEALTHY_RUN_MS }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failuresBefore, ranMs, random) => {
          const decision = restartDecision({ code: 2, signal: null, ranMs, failuresBefore }, () => random);
          if (!decision.restart) return false;
          const step = Math.min(
            RESTART_BACKOFF.maxMs,
            RESTART_BACKOFF.initialMs * 2 ** (decision.failuresInARow - 1),
          );
          return decision.delayMs >= Math.floor(step / 2) && decision.delayMs <= RESTART_BACKOFF.maxMs;
        },
      ),
    );
  });
});
