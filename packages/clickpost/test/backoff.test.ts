import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, type RetryPolicy, retryDelay } from '../src/index';

const policy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('backoff', () => {
  it('stays within [0, min(max, base·2^(retry-1))]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), unit, (retry, random) => {
        const delay = backoffDelay(retry, policy, () => random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** (retry - 1)));
      }),
    );
  });

  it('grows exponentially until the ceiling', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, top))).toEqual([
      99, 199, 399, 799, 999,
    ]);
  });

  it('ends after maxAttempts', () => {
    expect(retryDelay(4, null, policy, () => 0.5)).not.toBeNull();
    expect(retryDelay(5, null, policy, () => 0.5)).toBeNull();
  });

  it('waits at least Retry-After, and gives up when it is too long', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), unit, (after, random) => {
        const delay = retryDelay(1, after, policy, () => random);
        expect(delay).toBeGreaterThanOrEqual(after);
        expect(delay).toBeLessThan(after + 100);
      }),
    );
    expect(retryDelay(1, 5001, policy, () => 0)).toBeNull();
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2024-05-01T10:00:00Z');
  it.each([
    ['120', 120_000],
    [' 3 ', 3000],
    ['0', 0],
    ['Wed, 01 May 2024 10:00:30 GMT', 30_000],
    ['Wed, 01 May 2024 09:00:00 GMT', 0],
  ])('%j → %i ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it.each([[undefined], [''], ['soon'], ['-5'], ['1.5'], ['2024-05-01']])('%j → null', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });

  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['2', '9'], now)).toBe(2000);
  });
});
