import fc from 'fast-check';

/*
 * Near misses: arbitraries that derive a wrong value FROM the right one, so that a property guarding
 * a secret, an identity key or a boundary meets the values a careless check gets wrong. A wrong value
 * drawn independently of the right one is almost never one of them.
 */

/** The ways a near miss of a string differs from it. */
type NearMissKind =
  | 'prefix'
  | 'extension'
  | 'changed'
  | 'deleted'
  | 'inserted'
  | 'space'
  | 'case'
  | 'lookalike'
  | 'empty';

/** Latin letters, digits and punctuation, and characters that look the same (Cyrillic, dashes, …). */
const LOOKALIKES: Record<string, string> = {
  a: '\u0430',
  c: '\u0441',
  e: '\u0435',
  i: '\u0456',
  j: '\u0458',
  o: '\u043e',
  p: '\u0440',
  s: '\u0455',
  x: '\u0445',
  y: '\u0443',
  A: '\u0410',
  B: '\u0412',
  C: '\u0421',
  E: '\u0415',
  H: '\u041d',
  K: '\u041a',
  M: '\u041c',
  O: '\u041e',
  P: '\u0420',
  T: '\u0422',
  X: '\u0425',
  '0': '\u041e',
  '1': 'l',
  l: '1',
  '-': '\u2010',
  _: '\uff3f',
  '.': '\u2024',
  ' ': '\u00a0',
};
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const SPACES = [' ', '\t', '\n', '\r\n', '\u00a0'];

/** One code point: printable ASCII, Latin-1, or any (never a lone surrogate). */
const anyChar = fc.oneof(
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xa0, max: 0xff }).map((code) => String.fromCodePoint(code)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

/** Another code point than `char`: its neighbour (lowest bit flipped; never a surrogate). */
const neighbour = (char: string): string => String.fromCodePoint((char.codePointAt(0) ?? 0) ^ 1);

const flipCase = (char: string): string =>
  char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();

/**
 * A code point index below `length`: anywhere, from the ninth on (past where an 8-character compare
 * stops), or the last.
 */
const position = (length: number) =>
  fc.oneof(
    fc.nat({ max: length - 1 }),
    fc.integer({ min: Math.min(8, length - 1), max: length - 1 }),
    fc.constant(length - 1),
  );

/**
 * Strings that differ from `right` (non-empty) in one small way: a proper prefix (empty and the first
 * eight characters included), an extension, one character changed (same length), deleted or
 * inserted at any position (past the eighth and the last included), a leading or trailing space,
 * tab or newline, letter case flipped (one letter or all), a Unicode lookalike or zero-width
 * character, or the empty string. Never equal to `right`; edits work on code points, so no lone
 * surrogate appears.
 */
export function nearMiss(right: string): fc.Arbitrary<string> {
  const chars = Array.from(right);
  const n = chars.length;
  if (n === 0) throw new RangeError('nearMiss needs a non-empty right value');
  const join = (at: number, replacement: string, skip = 1) =>
    [...chars.slice(0, at), replacement, ...chars.slice(at + skip)].join('');

  const caseVariants = [
    right.toUpperCase(),
    right.toLowerCase(),
    chars.map(flipCase).join(''),
    ...chars.map((char, at) => join(at, flipCase(char))),
  ].filter((variant) => variant !== right);

  const kinds: Record<NearMissKind, fc.Arbitrary<string>> = {
    prefix: fc
      .oneof(fc.nat({ max: n - 1 }), fc.constant(Math.min(8, n - 1)), fc.constant(n - 1))
      .map((length) => chars.slice(0, length).join('')),
    extension: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).map((tail) => right + tail),
    changed: fc
      .tuple(position(n), anyChar)
      .map(([at, char]) => join(at, char === chars[at] ? neighbour(char) : char)),
    deleted: position(n).map((at) => join(at, '')),
    inserted: fc.tuple(fc.oneof(position(n), fc.constant(n)), anyChar).map(([at, char]) => join(at, char, 0)),
    space: fc
      .tuple(fc.boolean(), fc.constantFrom(...SPACES))
      .map(([before, space]) => (before ? space + right : right + space)),
    case:
      caseVariants.length > 0
        ? fc.constantFrom(...caseVariants)
        : position(n).map((at) => join(at, neighbour(chars[at] ?? ''))),
    lookalike: fc
      .tuple(position(n), fc.constantFrom(...ZERO_WIDTH), fc.boolean())
      .map(([at, zeroWidth, swap]) => {
        const char = chars[at] ?? '';
        const look = LOOKALIKES[char];
        return swap && look !== undefined ? join(at, look) : join(at, zeroWidth + char);
      }),
    empty: fc.constant(''),
  };
  return fc.oneof(...Object.values(kinds));
}

/**
 * Integers at or beside `boundary`: the boundary itself, one step either side for each of `steps`
 * (e.g. 1 ms and 1 s), or anywhere within `radius` of it.
 */
export function nearBoundary(
  boundary: number,
  steps: readonly number[] = [1],
  radius = 2 * Math.max(...steps),
): fc.Arbitrary<number> {
  const exact = [boundary, ...steps.flatMap((step) => [boundary - step, boundary + step])];
  return fc.oneof(fc.constantFrom(...exact), fc.integer({ min: boundary - radius, max: boundary + radius }));
}

/** Instants (epoch ms) near one of `anchors`: an anchor moved by `nearBoundary(0, steps, radius)`. */
export const nearInstant = (
  anchors: fc.Arbitrary<number>,
  steps: readonly number[] = [1, 1000, 60_000],
  radius = 2 * 60_000,
): fc.Arbitrary<number> =>
  fc.tuple(anchors, nearBoundary(0, steps, radius)).map(([anchor, offset]) => anchor + offset);

/**
 * Midnights (epoch ms) of a zone `offsetMinutes` ahead of UTC, in the years `fromYear`–`toYear`,
 * the first and last day of a month and New Year likelier: IST (330) gives 18:30Z the day before.
 */
export const localMidnights = (
  offsetMinutes: number,
  fromYear: number,
  toYear: number,
): fc.Arbitrary<number> =>
  fc
    .tuple(
      fc.integer({ min: fromYear, max: toYear }),
      fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 11 })),
      fc.oneof(fc.constant('first'), fc.constant('last'), fc.integer({ min: 1, max: 28 })),
    )
    .map(([year, month, day]) => {
      const date =
        day === 'first' ? 1 : day === 'last' ? new Date(Date.UTC(year, month + 1, 0)).getUTCDate() : day;
      return Date.UTC(year, month, date) - offsetMinutes * 60_000;
    });

/** JSON-safe characters (no quote, backslash or control) of 1, 2, 3 and 4 UTF-8 bytes. */
const charOfWidth = fc.oneof(
  fc.constantFrom('x', '7', ' '),
  fc.integer({ min: 0xa0, max: 0x7ff }).map((code) => String.fromCodePoint(code)),
  fc.integer({ min: 0x800, max: 0xd7ff }).map((code) => String.fromCodePoint(code)),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
);

/**
 * Text of exactly `bytes` UTF-8 bytes that mixes 1- to 4-byte characters (so its length in
 * characters is not its length in bytes), safe inside a JSON string: a drawn pattern repeated,
 * then ASCII to make up the count.
 */
export const textOfUtf8Bytes = (bytes: number): fc.Arbitrary<string> =>
  fc.array(charOfWidth, { minLength: 1, maxLength: 12 }).map((pattern) => {
    const text = pattern.join('');
    const patternBytes = Buffer.byteLength(text);
    let out = text.repeat(Math.floor(bytes / patternBytes));
    let left = bytes - Buffer.byteLength(out);
    for (const char of pattern) {
      const width = Buffer.byteLength(char);
      if (width <= left) {
        out += char;
        left -= width;
      }
    }
    return out + 'x'.repeat(left);
  });
