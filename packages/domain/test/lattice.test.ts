import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareText, compareValues, contentKey, later } from '../src/index';

/**
 * The tie-break orders shared with PostgreSQL, against their plainest statements: text in UTF-8 byte
 * order (which is code point order, the "C" collation), and values ranked null < false < true <
 * numbers < text < records.
 */

// Code points around the UTF-16 surrogate range: where code unit order and code point order differ.
const CHARACTERS = [
  '',
  'a',
  'b',
  '\uD7FF',
  '\uE000',
  '\uFF5E',
  '\uFFFF',
  '\u{10000}',
  '\u{1F600}',
  '\u{10FFFF}',
];
const text = fc.array(fc.constantFrom(...CHARACTERS), { maxLength: 4 }).map((parts) => parts.join(''));

const sign = (n: number) => Math.sign(n);

describe('compareText', () => {
  it('orders text as PostgreSQL\'s "C" collation does: by UTF-8 bytes', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(sign(compareText(a, b))).toBe(sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 2000 },
    );
  });

  it('puts a character above U+FFFF after every character of the basic plane', () => {
    expect(compareText('\u{10000}', '\uFFFF')).toBeGreaterThan(0);
    expect(compareText('\uE000', '\u{10FFFF}')).toBeLessThan(0);
    expect(compareText('\u{1F600}', '\uFF5E')).toBeGreaterThan(0);
    // The last low surrogate (U+10FFFF is \uDBFF\uDFFF) against the first.
    expect(compareText('\u{10FFFF}', '\u{10FC00}')).toBeGreaterThan(0);
    expect(compareText('\u{10FC00}', '\u{10FFFF}')).toBeLessThan(0);
    expect(compareText('ab', 'a')).toBeGreaterThan(0);
    expect(compareText('a', 'ab')).toBeLessThan(0);
  });
});

type Value = null | undefined | boolean | number | string | { code: number; description: string | null };

const value: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer({ min: -2, max: 2 }),
  text,
  fc.record({ code: fc.integer({ min: 0, max: 2 }), description: fc.option(text, { nil: null }) }),
);

/** The documented order, written out case by case. */
function expectedOrder(a: Value, b: Value): number {
  const rank = (v: Value) =>
    v === null || v === undefined
      ? 0
      : v === false
        ? 1
        : v === true
          ? 2
          : typeof v === 'number'
            ? 3
            : typeof v === 'string'
              ? 4
              : 5;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    if (a.code !== b.code) return a.code - b.code;
    return expectedOrder(a.description, b.description);
  }
  return 0;
}

describe('compareValues', () => {
  it('ranks null < false < true < numbers < text < records, then compares within a rank', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sign(compareValues(a, b))).toBe(sign(expectedOrder(a, b)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('later', () => {
  it('takes the later instant, and at one instant the greater value, in either order', () => {
    const at = '2024-03-05T10:00:00.000000Z';
    const before = { value: 'z', at: '2024-03-05T09:00:00.000000Z' };
    const a = { value: 'a', at };
    const b = { value: 'b', at };
    expect(later(a, b)).toBe(b);
    expect(later(b, a)).toBe(b);
    expect(later(before, a)).toBe(a);
    expect(later(a, before)).toBe(a);
    expect(later(null, a)).toBe(a);
    expect(later(a, null)).toBe(a);
  });
});

describe('contentKey', () => {
  it('renders plain data as JSON, and undefined distinctly from null', () => {
    expect(contentKey([1, 'a', null])).toBe('[1,"a",null]');
    expect(contentKey(undefined)).not.toBe(contentKey(null));
  });
});
