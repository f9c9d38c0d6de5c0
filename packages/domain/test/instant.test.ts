import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { canonicalInstant, InvalidInstantError, instantMicros } from '../src/index';

describe('canonicalInstant', () => {
  it.each([
    ['2017-08-02T13:23:02Z', '2017-08-02T13:23:02.000000Z'],
    ['2018-08-06T14:48:57.002000Z', '2018-08-06T14:48:57.002000Z'],
    ['2019-04-29T07:47:07.161221+05:30', '2019-04-29T02:17:07.161221Z'],
    ['2016-10-27 22:15:13+00:00', '2016-10-27T22:15:13.000000Z'],
    ['2020-10-16T20:22:28.000+00:00', '2020-10-16T20:22:28.000000Z'],
    ['2024-01-01T00:30:00.1234567-01:00', '2024-01-01T01:30:00.123456Z'],
    ['2024-03-01T00:10:00+0530', '2024-02-29T18:40:00.000000Z'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalInstant(input)).toBe(expected);
  });

  it.each([
    '',
    'yesterday',
    '2016-07-12T17:12:36.710',
    '2023-02-30T00:00:00Z',
    '2023-01-01T24:00:00Z',
    '0000-01-01T00:00:00Z',
  ])('refuses %j', (input) => {
    expect(() => canonicalInstant(input)).toThrow(InvalidInstantError);
  });

  it('orders canonical instants as text in time order', () => {
    const a = canonicalInstant('2024-03-01T10:00:00.9Z');
    const b = canonicalInstant('2024-03-01T10:00:01Z');
    expect(a < b).toBe(true);
    expect(instantMicros(b) - instantMicros(a)).toBe(100_000);
  });

  it('reads every rendering of an instant to the same canonical text', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -30_000_000_000_000, max: 250_000_000_000_000 }),
        fc.integer({ min: 0, max: 999 }),
        (millis, micros) => {
          const iso = new Date(millis).toISOString();
          const expected = `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
          const withMicros = `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
          expect(canonicalInstant(withMicros)).toBe(expected);
          expect(canonicalInstant(withMicros.replace('Z', '+00:00'))).toBe(expected);
          expect(canonicalInstant(iso)).toBe(`${iso.slice(0, 23)}000Z`);
        },
      ),
    );
  });
});

/**
 * The documented reading, restated without a regex and without Date.UTC's two-digit years: the string
 * (trimmed) is `YYYY-MM-DD`, `T`/`t`/space, `HH:MM:SS`, an optional `.`/`,` fraction of one or more
 * digits, optional whitespace and a zone (`Z`, `z`, `±HH`, `±HHMM`, `±HH:MM`); a real calendar date
 * and time in the years 0001–9999, whose UTC instant is in those years too. Null: refused.
 */
function expectedCanonical(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  let at = 0;
  const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';
  const number = (width: number): number | null => {
    const part = text.slice(at, at + width);
    if (part.length !== width || ![...part].every(isDigit)) return null;
    at += width;
    return Number(part);
  };
  const literal = (...options: string[]): boolean => {
    if (!options.includes(text[at] ?? '')) return false;
    at++;
    return true;
  };
  const year = number(4);
  if (year === null || !literal('-')) return null;
  const month = number(2);
  if (month === null || !literal('-')) return null;
  const day = number(2);
  if (day === null || !literal('T', 't', ' ')) return null;
  const hour = number(2);
  if (hour === null || !literal(':')) return null;
  const minute = number(2);
  if (minute === null || !literal(':')) return null;
  const second = number(2);
  if (second === null) return null;
  let fraction = '';
  if (literal('.', ',')) {
    while (isDigit(text[at])) fraction += text[at++];
    if (fraction === '') return null;
  }
  while (literal(' ', '\t')) {}
  let offset = 0;
  if (!literal('Z', 'z')) {
    const sign = text[at] === '-' ? -1 : 1;
    if (!literal('+', '-')) return null;
    const hours = number(2);
    if (hours === null) return null;
    let minutes = 0;
    if (at < text.length) {
      literal(':');
      const mm = number(2);
      if (mm === null) return null;
      minutes = mm;
    }
    offset = sign * (hours * 60 + minutes);
  }
  if (at !== text.length) return null;
  // The Gregorian calendar repeats every 400 years: compute in a year of the same cycle from 2000 on.
  const shift = 2000 + (year % 400) - year;
  const daysInMonth = new Date(Date.UTC(year + shift, month, 0)).getUTCDate();
  const valid = year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth;
  if (!valid || hour > 23 || minute > 59 || second > 59) return null;
  const utc = new Date(Date.UTC(year + shift, month - 1, day, hour, minute, second) - offset * 60_000);
  const utcYear = utc.getUTCFullYear() - shift;
  if (utcYear < 1 || utcYear > 9999) return null;
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${String(utcYear).padStart(4, '0')}-${two(utc.getUTCMonth() + 1)}-${two(utc.getUTCDate())}`;
  const time = `${two(utc.getUTCHours())}:${two(utc.getUTCMinutes())}:${two(utc.getUTCSeconds())}`;
  return `${date}T${time}.${fraction.padEnd(6, '0').slice(0, 6)}Z`;
}

const attempt = (value: unknown): string | null => {
  try {
    return canonicalInstant(value as string);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInstantError);
    return null;
  }
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const fractionDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 });

/** Instant-like strings around the edges of the grammar and the calendar, sometimes with one character changed. */
const instantLike = fc
  .record({
    year: fc.oneof(fc.constantFrom(0, 1, 99, 100, 400, 1900, 2000, 2023, 2024, 2100, 9999), fc.nat(9999)),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.oneof(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 28, max: 31 })),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constantFrom(0, 59, 60)),
    second: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.constantFrom(0, 59, 60)),
    t: fc.constantFrom('T', 'T', 't', ' '),
    fraction: fc.oneof(
      fc.constant(''),
      fc.tuple(fc.constantFrom('.', '.', ','), fractionDigits).map(([a, b]) => a + b),
    ),
    space: fc.constantFrom('', '', ' '),
    zone: fc.oneof(
      fc.constantFrom('Z', 'Z', 'z', ''),
      fc
        .tuple(fc.constantFrom('+', '-'), fc.nat(23), fc.nat(59), fc.constantFrom('hh:mm', 'hhmm', 'hh'))
        .map(
          ([sign, h, m, shape]) =>
            sign + pad(h, 2) + (shape === 'hh' ? '' : shape === 'hhmm' ? pad(m, 2) : `:${pad(m, 2)}`),
        ),
    ),
    around: fc.constantFrom('', '', ' ', '\t'),
    change: fc.option(fc.tuple(fc.nat(), fc.constantFrom(...'x-:T.Z09/ +,')), { freq: 3 }),
  })
  .map((p) => {
    const text = `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}${p.t}${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${p.fraction}${p.space}${p.zone}`;
    if (p.change === null) return `${p.around}${text}${p.around}`;
    const [index, char] = p.change;
    const at = index % text.length;
    return text.slice(0, at) + char + text.slice(at + 1);
  });

/** Real instants in the shape the normalizer writes, at the calendar's edges (month ends, leap days). */
const normalizerShape = fc
  .record({
    year: fc.oneof(
      fc.constantFrom(1, 4, 100, 400, 1900, 2000, 2023, 2024, 9999),
      fc.integer({ min: 1, max: 9999 }),
    ),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.oneof(fc.constantFrom(0, 23), fc.nat(23)),
    minute: fc.oneof(fc.constantFrom(0, 59), fc.nat(59)),
    second: fc.oneof(fc.constantFrom(0, 59), fc.nat(59)),
    fraction: fc.oneof(
      fc.constant(''),
      fractionDigits.filter((f) => f !== '').map((f) => `.${f}`),
    ),
  })
  .map((p) => {
    // Clamp the day to the month's last, so month ends and leap days come up often.
    const last = new Date(Date.UTC(2000 + (p.year % 400), p.month, 0)).getUTCDate();
    const day = Math.min(p.day, last);
    return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${p.fraction}Z`;
  });

/** Whether canonicalInstant reads the value without a regex (the fast path), and its answer. */
function readFast(value: string): { regexFree: boolean; result: string | null } {
  const exec = vi.spyOn(RegExp.prototype, 'exec');
  try {
    const result = attempt(value);
    return { regexFree: exec.mock.calls.length === 0, result };
  } finally {
    exec.mockRestore();
  }
}

describe('canonicalInstant against a plain restatement of the format', () => {
  it('agrees on instant-like strings at the edges of the grammar and the calendar, and near misses of them', () => {
    fc.assert(
      fc.property(instantLike, (value) => {
        expect(attempt(value)).toBe(expectedCanonical(value));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the shape the normalizer writes without a regex (the fast path), to the same answer', () => {
    fc.assert(
      fc.property(normalizerShape, (value) => {
        const expected = expectedCanonical(value);
        expect(expected).not.toBeNull();
        expect(readFast(value)).toEqual({ regexFree: true, result: expected });
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['2023-01-01T00:00:00Z', '2023-01-01T00:00:00.000000Z'],
    ['2023-01-01T00:00:00.5Z', '2023-01-01T00:00:00.500000Z'],
    ['2023-12-31T23:59:59.123456789012345678Z', '2023-12-31T23:59:59.123456Z'],
    ['0001-01-01T00:00:00.000001Z', '0001-01-01T00:00:00.000001Z'],
    ['9999-12-31T23:59:59.999999Z', '9999-12-31T23:59:59.999999Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000000Z'],
    ['2000-02-29T12:00:00Z', '2000-02-29T12:00:00.000000Z'],
    ['1600-02-29T12:00:00Z', '1600-02-29T12:00:00.000000Z'],
    ['1900-02-28T12:00:00Z', '1900-02-28T12:00:00.000000Z'],
    ['2023-01-31T10:10:10Z', '2023-01-31T10:10:10.000000Z'],
    ['2024-04-30T10:10:10Z', '2024-04-30T10:10:10.000000Z'],
    ['2024-12-31T10:10:10Z', '2024-12-31T10:10:10.000000Z'],
    ['2023-09-09T09:09:09.909Z', '2023-09-09T09:09:09.909000Z'],
  ])('reads %s on the fast path -> %s', (value, expected) => {
    expect(readFast(value)).toEqual({ regexFree: true, result: expected });
  });

  it.each([
    // A character out of place where the fast path looks for a separator, or a digit.
    '2023x01-01T00:00:00Z',
    '2023-01x01T00:00:00Z',
    '2023-01-01x00:00:00Z',
    '2023-01-01T00x00:00Z',
    '2023-01-01T00:00x00Z',
    '2023-01-01T00:00:00x5Z',
    '2023-01-01T00:00:00X',
    '2023-01-01T00:00:00.Z',
    '2023-01-01T00:00:00.1a3Z',
    '2023-01-01T00:00:00.1/3Z',
    '2023-01-01T00:00:00.1:3Z',
    '2023-01-01T00:00:00.1234567890123456x7Z',
    '2023-0/-01T00:00:00Z',
    '2023-01-0:T00:00:00Z',
    '2023-01-01T00:00:0Z',
    '2023-01-01T00:00:Z',
    // Not a calendar date or time of day.
    '2023-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2024-02-30T00:00:00Z',
    '2023-04-31T00:00:00Z',
    '2023-00-10T00:00:00Z',
    '2023-13-10T00:00:00Z',
    '2023-01-00T00:00:00Z',
    '2023-01-32T00:00:00Z',
    '2023-01-01T24:00:00Z',
    '2023-01-01T00:60:00Z',
    '2023-01-01T00:00:60Z',
    '0000-06-01T00:00:00Z',
  ])('refuses %j', (value) => {
    expect(attempt(value)).toBeNull();
    expect(expectedCanonical(value)).toBeNull();
  });

  it.each([
    // The general path: years below 100 are not read as 1900–1999.
    ['0001-01-01T00:00:00+00:00', '0001-01-01T00:00:00.000000Z'],
    ['0001-01-01T00:00:00z', '0001-01-01T00:00:00.000000Z'],
    ['0050-06-15 12:00:00+05:30', '0050-06-15T06:30:00.000000Z'],
    ['0099-12-31T23:59:59-00:30', '0100-01-01T00:29:59.000000Z'],
    ['9999-12-31T23:59:59.999999+00:00', '9999-12-31T23:59:59.999999Z'],
    ['2024-02-29T23:00:00-01:00', '2024-03-01T00:00:00.000000Z'],
    ['2024-01-01T00:00:00+05', '2023-12-31T19:00:00.000000Z'],
    ['  2023-01-01T00:00:00Z\t', '2023-01-01T00:00:00.000000Z'],
    [' 2023-01-01T00:00:00+01:00', '2022-12-31T23:00:00.000000Z'],
    ['2023-01-01t00:00:00,25 z', '2023-01-01T00:00:00.250000Z'],
  ])('reads %j -> %s', (value, expected) => {
    expect(canonicalInstant(value)).toBe(expected);
    expect(expectedCanonical(value)).toBe(expected);
  });

  it.each([
    // The local date and the UTC instant must both be in the years 0001–9999.
    '0000-12-31T23:30:00-01:00',
    'x2023-01-01T00:00:00+00:00',
    '12023-01-01T00:00:00+00:00',
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:30:00-01:00',
    '2023-02-29T00:00:00+00:00',
    '2023-01-01T24:00:00+00:00',
    '2023-01-01T00:60:00+00:00',
    '2023-01-01T00:00:60+00:00',
    '2023-01-32T00:00:00+00:00',
    '2023-13-01T00:00:00+00:00',
  ])('refuses %j on the general path', (value) => {
    expect(attempt(value)).toBeNull();
    expect(expectedCanonical(value)).toBeNull();
  });

  it.each([42, null, undefined, {}, ['2023-01-01T00:00:00Z']])('refuses the non-string %j', (value) => {
    expect(() => canonicalInstant(value as unknown as string)).toThrow(InvalidInstantError);
  });

  it('says which value it refuses, in at most 80 characters of it', () => {
    const error = (value: string) => {
      try {
        canonicalInstant(value);
      } catch (caught) {
        return caught as InvalidInstantError;
      }
      throw new Error(`${value} was read`);
    };
    const short = error('yesterday');
    expect(short).toBeInstanceOf(InvalidInstantError);
    expect(short.name).toBe('InvalidInstantError');
    expect(short.value).toBe('yesterday');
    expect(short.message).toBe('not an ISO-8601 instant with a zone: "yesterday"');
    const long = `2023-01-01T00:00:00Z${'x'.repeat(1000)}`;
    expect(error(long).message).toBe(`not an ISO-8601 instant with a zone: "${long.slice(0, 79)}`);
  });
});

describe('instantMicros', () => {
  it('counts microseconds since the epoch, the sub-millisecond digits included', () => {
    expect(instantMicros('1970-01-01T00:00:00.000001Z')).toBe(1);
    expect(instantMicros('1970-01-01T00:00:01.002003Z')).toBe(1_002_003);
    expect(instantMicros('1969-12-31T23:59:59.999999Z')).toBe(-1);
    fc.assert(
      fc.property(fc.integer({ min: -9_000_000_000_000_000, max: 9_000_000_000_000_000 }), (micros) => {
        const millis = Math.floor(micros / 1000);
        const canonical = `${new Date(millis).toISOString().slice(0, 23)}${pad(micros - millis * 1000, 3)}Z`;
        expect(instantMicros(canonical)).toBe(micros);
      }),
    );
  });
});
