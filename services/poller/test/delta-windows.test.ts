import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextDeltaWindow } from '../src/index';

const MINUTE = 60_000;
const instant = fc.integer({
  min: Date.parse('2020-01-01T00:00:00Z'),
  max: Date.parse('2030-01-01T00:00:00Z'),
});
const rulesArb = fc.record({
  lagMs: fc.integer({ min: 0, max: 60 * MINUTE }),
  overlapMs: fc.integer({ min: 0, max: 29 * MINUTE }),
});

describe('next delta window', () => {
  it('starts an overlap before the checkpoint, lasts at most 60 minutes, ends by now − lag', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 48 * 60 * MINUTE }),
        rulesArb,
        (checkpoint, behind, rules) => {
          const now = checkpoint + behind;
          const window = nextDeltaWindow(checkpoint, now, rules);
          const horizon = Math.floor((now - rules.lagMs) / 1000) * 1000;
          if (window === null) {
            expect(horizon).toBeLessThanOrEqual(checkpoint);
            return;
          }
          expect(window.startMs).toBeLessThanOrEqual(checkpoint - rules.overlapMs);
          expect(window.startMs).toBeGreaterThan(checkpoint - rules.overlapMs - 1000);
          expect(window.endMs - window.startMs).toBeLessThanOrEqual(60 * MINUTE);
          expect(window.endMs).toBeLessThanOrEqual(now - rules.lagMs);
          expect(window.endMs).toBeGreaterThan(checkpoint);
        },
      ),
    );
  });

  it('repeated from a checkpoint, covers everything up to now − lag without a gap, then stops', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 12 * 60 * MINUTE }),
        rulesArb,
        (start, behind, rules) => {
          const now = start + behind;
          let checkpoint = start;
          let covered = start;
          for (let i = 0; i < 1000; i++) {
            const window = nextDeltaWindow(checkpoint, now, rules);
            if (window === null) break;
            expect(window.startMs).toBeLessThanOrEqual(covered);
            covered = Math.max(covered, window.endMs);
            checkpoint = window.endMs;
          }
          expect(nextDeltaWindow(checkpoint, now, rules)).toBeNull();
          const horizon = Math.floor((now - rules.lagMs) / 1000) * 1000;
          expect(covered).toBeGreaterThanOrEqual(Math.max(start, horizon));
        },
      ),
    );
  });

  it('refuses an overlap that would leave no progress', () => {
    expect(() => nextDeltaWindow(0, 10 * 60 * MINUTE, { lagMs: 0, overlapMs: 30 * MINUTE })).toThrow(
      RangeError,
    );
  });
});
