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

  it('accepts exactly the configured secrets', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (secret, other) => {
        const only = secretMatcher([secret]);
        expect(only(secret)).toBe(true);
        expect(only(other)).toBe(other === secret);
      }),
    );
  });

  it('needs at least one non-empty secret', () => {
    expect(() => secretMatcher([])).toThrow();
    expect(() => secretMatcher(['ok-secret', ''])).toThrow();
  });
});
