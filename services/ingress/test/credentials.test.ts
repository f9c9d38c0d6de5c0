import { nearMiss } from '@shipfold/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerCredential, headerCredential } from '../src/credentials';
import { secretMatcher } from '../src/secret-matcher';

const isBlank = (char: string) => char === ' ' || char === '\t';

/**
 * RFC 9110's bearer credentials, restated by splitting instead of a pattern: without its trailing
 * blanks, the header is a scheme, blanks (space or tab), and a token with no blank in it; the scheme
 * is "Bearer" in any case. The token is what is left, exactly.
 */
function expectedToken(header: string): string | undefined {
  const chars = Array.from(header);
  while (chars.length > 0 && isBlank(chars.at(-1) ?? '')) chars.pop();
  const firstBlank = chars.findIndex(isBlank);
  if (firstBlank < 0) return undefined;
  const scheme = chars.slice(0, firstBlank).join('');
  const rest = chars.slice(firstBlank);
  while (rest.length > 0 && isBlank(rest[0] ?? '')) rest.shift();
  if (scheme.toLowerCase() !== 'bearer' || rest.length === 0 || rest.some(isBlank)) return undefined;
  return rest.join('');
}

describe('bearerCredential', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Bearer\tabc', 'abc'],
  ])('reads %j', (authorization, token) => {
    expect(bearerCredential({ authorization })).toBe(token);
  });

  it.each([undefined, '', 'abc', 'Bearer', 'Bearer ', 'Basic abc', 'Bearer a b', 'Bearerabc'])(
    'finds nothing in %j',
    (authorization) => {
      expect(bearerCredential(authorization === undefined ? {} : { authorization })).toBeUndefined();
    },
  );
});

describe('a bearer header, near misses of its scheme and token', () => {
  /** "Bearer" in a random case, or a near miss of it ("Beare", "Bearer ", "Веarer", …). */
  const scheme = fc.oneof(
    fc
      .array(fc.boolean(), { minLength: 6, maxLength: 6 })
      .map((upper) => Array.from('bearer', (char, at) => (upper[at] ? char.toUpperCase() : char)).join('')),
    nearMiss('Bearer'),
  );
  const blanks = (minLength: number) =>
    fc.array(fc.constantFrom(' ', '\t'), { minLength, maxLength: 3 }).map((chars) => chars.join(''));
  const token = fc.stringMatching(/^[!-~]{16,40}$/);
  /** Sometimes a second word after the token (`Bearer <token> extra`), which makes it no credential. */
  const extra = fc.oneof(
    fc.constant(''),
    fc.tuple(blanks(1), fc.stringMatching(/^[!-~]{1,8}$/)).map((parts) => parts.join('')),
  );
  const header = token.chain((right) =>
    fc.tuple(
      fc.constant(right),
      fc
        .tuple(scheme, blanks(0), fc.oneof(fc.constant(right), nearMiss(right)), extra, blanks(0))
        .map((parts) => parts.join('')),
    ),
  );

  it('yields exactly the token a plain split finds, and is accepted exactly when that is the secret', () => {
    fc.assert(
      fc.property(header, ([right, authorization]) => {
        const expected = expectedToken(authorization);
        expect(bearerCredential({ authorization })).toBe(expected);
        expect(secretMatcher([right])(bearerCredential({ authorization }))).toBe(expected === right);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('headerCredential', () => {
  it('reads one header by its lower-case name', () => {
    expect(headerCredential('X-Increff-Token')({ 'x-increff-token': 's' })).toBe('s');
    expect(headerCredential('webhook_key')({})).toBeUndefined();
  });

  it('finds nothing in a repeated header', () => {
    expect(headerCredential('x-token')({ 'x-token': ['a', 'b'] })).toBeUndefined();
  });
});
