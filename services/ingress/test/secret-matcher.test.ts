import { nearMiss } from '@shipfold/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretMatcher } from '../src/secret-matcher';

describe('secretMatcher', () => {
  const matches = secretMatcher(['current-secret-value', 'previous-secret-value']);

  it('accepts either secret of a rotation', () => {
    expect(matches('current-secret-value')).toBe(true);
    expect(matches('previous-secret-value')).toBe(true);
  });

  it.each([
    undefined,
    '',
    'current-secret-valu',
    'current-secret-value ',
    'CURRENT-SECRET-VALUE',
    'x'.repeat(10_000),
  ])('refuses %j', (presented) => {
    expect(matches(presented)).toBe(false);
  });

  it('accepts a candidate exactly when it is one of the secrets: near misses of each, the other, anything', () => {
    // Near misses are derived from the secrets (a prefix, one character changed past the eighth, a
    // trailing space, other case, a lookalike, …): drawn independently, they almost never occur.
    const secret = fc.oneof(
      fc.string({ minLength: 1, maxLength: 64 }),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
    );
    const rotationAndCandidate = fc
      .array(secret, { minLength: 1, maxLength: 2 })
      .chain((secrets) =>
        fc.tuple(
          fc.constant(secrets),
          fc.oneof(fc.constantFrom(...secrets), ...secrets.map((one) => nearMiss(one)), fc.string()),
        ),
      );
    fc.assert(
      fc.property(rotationAndCandidate, ([secrets, candidate]) => {
        expect(secretMatcher(secrets)(candidate)).toBe(secrets.includes(candidate));
      }),
      { numRuns: 2000 },
    );
  });

  it('needs at least one non-empty secret', () => {
    expect(() => secretMatcher([])).toThrow();
    expect(() => secretMatcher(['ok-secret', ''])).toThrow();
  });
});
