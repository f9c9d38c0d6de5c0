import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
