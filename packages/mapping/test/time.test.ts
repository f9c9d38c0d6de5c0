import {
  clockChange,
  type DstZone,
  localMidnights,
  nearBoundary,
  utcOffsetMinutes,
} from '@shipfold/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rejection } from '../src/rejection';
import { parseInstant, readInstant } from '../src/time';
import { Field } from '../src/tolerant';

const IST = 'Asia/Kolkata';
const instant = (raw: string | number, zone: string | null = IST) => parseInstant(raw, zone);

describe('parseInstant: every shape the vendors send becomes a UTC instant with Z', () => {
  it.each([
    ['2017-08-02T13:23:02Z', '2017-08-02T13:23:02.000Z'],
    ['2018-08-06T14:48:57.002000Z', '2018-08-06T14:48:57.002Z'],
    ['2016-10-27 22:15:13+00:00', '2016-10-27T22:15:13.000Z'],
    ['2020-10-16T20:22:28.000+00:00', '2020-10-16T20:22:28.000Z'],
    ['2020-10-16T20:22:28.000+05:30', '2020-10-16T14:52:28.000Z'],
    ['2017-02-14T18:00:00+0530', '2017-02-14T12:30:00.000Z'],
    ['2017-02-14T18:00:00-05', '2017-02-14T23:00:00.000Z'],
    ['2023-04-20T14: 55: 13Z', '2023-04-20T14:55:13.000Z'],
    ['  2023-04-20T14:55:13Z  ', '2023-04-20T14:55:13.000Z'],
    ['2023-04-20 14:55:13 +00:00', '2023-04-20T14:55:13.000Z'],
    ['2023-04-20t14:55:13z', '2023-04-20T14:55:13.000Z'],
    ['2019-04-29T07:47:07.1612219Z', '2019-04-29T07:47:07.161Z'],
    ['2019-04-29T07:47:07,5Z', '2019-04-29T07:47:07.500Z'],
    ['2023-04-20  14:55:13Z', '2023-04-20T14:55:13.000Z'],
    ['2023-04-20\t14:55:13\t\tZ', '2023-04-20T14:55:13.000Z'],
    ['2023-04-20T14 :55 :13Z', '2023-04-20T14:55:13.000Z'],
    ['2023-04-20T14  :  55:13Z', '2023-04-20T14:55:13.000Z'],
  ])('zoned %j → %s', (raw, expected) => {
    expect(instant(raw)).toEqual({ ok: true, instant: expected });
    // A zoned timestamp does not depend on the configured zone.
    expect(instant(raw, 'UTC')).toEqual({ ok: true, instant: expected });
  });

  it.each([
    ['2016-07-12T17:12:36.710', '2016-07-12T11:42:36.710Z'],
    ['2019-04-29 07:47:07.161221', '2019-04-29T02:17:07.161Z'],
    ['2018-07-07 19:34:46', '2018-07-07T14:04:46.000Z'],
    ['2018-07-07 19:34', '2018-07-07T14:04:00.000Z'],
    ['07/27/2017 5:01 p.m.', '2017-07-27T11:31:00.000Z'],
    ['07/27/2017 5:01 a.m.', '2017-07-26T23:31:00.000Z'],
    ['7/27/2017 5:01 PM', '2017-07-27T11:31:00.000Z'],
    ['07/27/2017 5 p.m.', '2017-07-27T11:30:00.000Z'],
    ['07/27/2017 12:15 a.m.', '2017-07-26T18:45:00.000Z'],
    ['07/27/2017 12:15 p.m.', '2017-07-27T06:45:00.000Z'],
    ['07/27/2017 5:01:09 p.m.', '2017-07-27T11:31:09.000Z'],
    ['07/27/2017 noon', '2017-07-27T06:30:00.000Z'],
    ['07/27/2017 midnight', '2017-07-26T18:30:00.000Z'],
    ['07/27/2017  5:01  p.m.', '2017-07-27T11:31:00.000Z'],
    ['07/27/2017 5 :01 p.m.', '2017-07-27T11:31:00.000Z'],
  ])('naive %j is read in the source zone (IST) → %s', (raw, expected) => {
    expect(instant(raw)).toEqual({ ok: true, instant: expected });
  });

  it('reads a naive timestamp in whatever zone is configured', () => {
    expect(instant('2018-07-07 19:34:46', 'UTC')).toEqual({ ok: true, instant: '2018-07-07T19:34:46.000Z' });
    expect(instant('2018-07-07 19:34:46', 'America/New_York')).toEqual({
      ok: true,
      instant: '2018-07-07T23:34:46.000Z',
    });
  });

  it('reads a naive time in the hour repeated when clocks fall back as the earlier instant', () => {
    // 2049-11-07 01:30 happens twice in Los Angeles: at 08:30Z (PDT) and again at 09:30Z (PST).
    for (const raw of ['2049-11-07 01:30:00', '2049-11-07T01:30:00.000', '11/07/2049 1:30 a.m.'])
      expect(instant(raw, 'America/Los_Angeles')).toEqual({ ok: true, instant: '2049-11-07T08:30:00.000Z' });
    expect(instant('2049-11-07 02:30:00', 'America/Los_Angeles')).toEqual({
      ok: true,
      instant: '2049-11-07T10:30:00.000Z',
    });
  });

  it('reads epoch seconds, as a number or as text', () => {
    expect(instant(1501680182)).toEqual({ ok: true, instant: '2017-08-02T13:23:02.000Z' });
    expect(instant('1501680182')).toEqual({ ok: true, instant: '2017-08-02T13:23:02.000Z' });
    expect(instant(1501680182.25)).toEqual({ ok: true, instant: '2017-08-02T13:23:02.250Z' });
    expect(instant(' 1501680182.5 ')).toEqual({ ok: true, instant: '2017-08-02T13:23:02.500Z' });
  });

  it('refuses a naive timestamp when the source documents zoned ones', () => {
    expect(instant('2018-07-07 19:34:46', null)).toEqual({ ok: false, why: 'naive' });
    expect(instant('07/27/2017 5:01 p.m.', null)).toEqual({ ok: false, why: 'naive' });
    expect(instant('2018-07-07T19:34:46Z', null)).toEqual({ ok: true, instant: '2018-07-07T19:34:46.000Z' });
  });

  it.each([
    ['', 'unrecognized'],
    ['yesterday', 'unrecognized'],
    ['2020-01-01', 'unrecognized'],
    ['2020-W01-1T10:00:00Z', 'unrecognized'],
    ['2020-001T10:00:00Z', 'unrecognized'],
    ['27/07/2017 17:01', 'unrecognized'],
    ['2019-02-30T10:00:00Z', 'invalid'],
    ['2019-13-01 10:00:00', 'invalid'],
    ['2019-01-01T24:30:00Z', 'invalid'],
    ['07/27/2017 13:01 p.m.', 'invalid'],
    ['07/27/2017 0:30 p.m.', 'invalid'],
    ['07/27/2017 0:30 a.m.', 'invalid'],
    ['02/30/2017 1:01 p.m.', 'invalid'],
    ['1501680182000', 'unrecognized'],
    ['0001-01-01T00:00:00Z', 'out-of-range'],
    ['2150-01-01T00:00:00Z', 'out-of-range'],
  ] as const)('%j is unreadable (%s), never a guess', (raw, why) => {
    expect(instant(raw)).toEqual({ ok: false, why });
  });

  it.each([
    [1501680182000, 'out-of-range'],
    [0, 'out-of-range'],
    [-1, 'out-of-range'],
    [Number.NaN, 'invalid'],
    [Number.POSITIVE_INFINITY, 'invalid'],
    [1e300, 'invalid'],
  ] as const)('epoch %d is unreadable (%s): milliseconds or garbage, not seconds', (raw, why) => {
    expect(instant(raw)).toEqual({ ok: false, why });
  });

  it('a naive timestamp in an invalid configured zone is unreadable, not read as UTC', () => {
    expect(instant('2018-07-07 19:34:46', 'Not/AZone')).toEqual({ ok: false, why: 'invalid' });
  });
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The documented reading of a naive wall-clock time (`wall`: its fields as epoch ms in UTC) in a zone
 * whose offsets (minutes) are `offsets` and whose offset at an instant is `offsetAt`, by plain
 * arithmetic: the instants whose wall clock shows it, the earliest if the hour repeats. A time the
 * clocks skip is read with the offset in force before the change (a day earlier), as java.time does.
 */
function expectedReading(wall: number, offsets: readonly number[], offsetAt: (ms: number) => number): string {
  const readings = offsets
    .map((offset) => wall - offset * MINUTE)
    .filter((ms) => wall - ms === offsetAt(ms) * MINUTE);
  const instant = readings.length > 0 ? Math.min(...readings) : wall - offsetAt(wall - DAY) * MINUTE;
  return new Date(instant).toISOString();
}

/** A wall-clock time (epoch ms of its fields) written the ways vendors send naive times. */
const naiveShapes = (wall: number): string[] => {
  const iso = new Date(wall).toISOString().slice(0, 23); // yyyy-MM-ddTHH:mm:ss.SSS
  const seconds = new Date(Math.floor(wall / 1000) * 1000);
  const [hour, minute, second] = [seconds.getUTCHours(), seconds.getUTCMinutes(), seconds.getUTCSeconds()];
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${pad(seconds.getUTCMonth() + 1)}/${pad(seconds.getUTCDate())}/${seconds.getUTCFullYear()}`;
  const us = `${date} ${((hour + 11) % 12) + 1}:${pad(minute)}:${pad(second)} ${hour < 12 ? 'a.m.' : 'p.m.'}`;
  return [iso, iso.replace('T', ' '), `${iso.replace('T', ' ')}123`, us];
};

/** What parseInstant should give for each shape: the US style counts to the second. */
const expectEachShape = (wall: number, expected: (wall: number) => string, zone: string) => {
  const [iso, spaced, micro, us] = naiveShapes(wall);
  for (const raw of [iso, spaced, micro])
    expect(parseInstant(raw as string, zone)).toEqual({ ok: true, instant: expected(wall) });
  expect(parseInstant(us as string, zone)).toEqual({
    ok: true,
    instant: expected(Math.floor(wall / 1000) * 1000),
  });
};

describe('naive times near midnight, year ends and clock changes: near misses against plain arithmetic', () => {
  it('around midnight IST, and the ends of days, months and years, naive or zoned', () => {
    // Wall-clock midnights (the fields of a local midnight), moved by a millisecond to two minutes.
    const wall = fc
      .tuple(localMidnights(0, 2001, 2098), nearBoundary(0, [1, 1000, MINUTE], 2 * MINUTE))
      .map(([midnight, offset]) => midnight + offset);
    fc.assert(
      fc.property(wall, (at) => {
        const ist = (w: number) => new Date(w - 330 * MINUTE).toISOString();
        expectEachShape(at, ist, 'Asia/Kolkata');
        const text = new Date(at).toISOString().slice(0, 23);
        expect(parseInstant(`${text}+05:30`, null)).toEqual({ ok: true, instant: ist(at) });
        expect(parseInstant(`${new Date(at - 330 * MINUTE).toISOString()}`, null)).toEqual({
          ok: true,
          instant: ist(at),
        });
      }),
      { numRuns: 500 },
    );
  });

  it("Django's midnight and noon, and 12 a.m. / 12 p.m., are the day's start and its middle", () => {
    fc.assert(
      fc.property(localMidnights(0, 2001, 2098), fc.integer({ min: 0, max: 59 }), (midnight, minute) => {
        const date = new Date(midnight).toISOString().slice(0, 10);
        const us = `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
        const at = (ms: number) => ({ ok: true, instant: new Date(ms - 330 * MINUTE).toISOString() });
        const mm = String(minute).padStart(2, '0');
        expect(parseInstant(`${us} midnight`, 'Asia/Kolkata')).toEqual(at(midnight));
        expect(parseInstant(`${us} noon`, 'Asia/Kolkata')).toEqual(at(midnight + 12 * HOUR));
        expect(parseInstant(`${us} 12:${mm} a.m.`, 'Asia/Kolkata')).toEqual(at(midnight + minute * MINUTE));
        expect(parseInstant(`${us} 12:${mm} p.m.`, 'Asia/Kolkata')).toEqual(
          at(midnight + 12 * HOUR + minute * MINUTE),
        );
        expect(parseInstant(`${us} 11:${mm} p.m.`, 'Asia/Kolkata')).toEqual(
          at(midnight + 23 * HOUR + minute * MINUTE),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('an instant is readable exactly when it falls in the years 2000–2099 (UTC), whatever the zone it is written in', () => {
    // Fixed-offset zones from UTC−12 to UTC+14 (Etc/GMT signs are inverted); around the two New Years.
    const zones = [
      ['UTC', 0],
      ['Asia/Kolkata', 330],
      ['Etc/GMT-14', 840],
      ['Etc/GMT+12', -720],
    ] as const;
    const edge = fc.constantFrom(Date.UTC(2000, 0, 1), Date.UTC(2100, 0, 1));
    const wall = fc
      .tuple(edge, nearBoundary(0, [1, 1000, HOUR, 14 * HOUR], 15 * HOUR))
      .map(([at, offset]) => at + offset);
    fc.assert(
      fc.property(wall, fc.constantFrom(...zones), (at, [zone, offset]) => {
        const instant = at - offset * MINUTE;
        const inRange = instant >= Date.UTC(2000, 0, 1) && instant < Date.UTC(2100, 0, 1);
        const raw = new Date(at).toISOString().slice(0, 23).replace('T', ' ');
        expect(parseInstant(raw, zone)).toEqual(
          inRange
            ? { ok: true, instant: new Date(instant).toISOString() }
            : { ok: false, why: 'out-of-range' },
        );
        const field = new Field(raw, ['scanned_at']);
        if (inRange) expect(readInstant(field, zone)).toBe(new Date(instant).toISOString());
        else expect(() => readInstant(field, zone)).toThrow(Rejection);
      }),
      { numRuns: 500 },
    );
  });

  it('around clock changes: the earlier reading of a repeated hour, the offset before a skipped one', () => {
    // Wall-clock times around the change (the hour skipped or repeated and either side), and the
    // wall-clock times of instants around it.
    const wall = clockChange().chain((change) => {
      const offsetAt = (ms: number) => utcOffsetMinutes(change.zone, ms);
      const changeOnOldClock = change.atMs + change.beforeMinutes * MINUTE;
      const steps = [1, 1000, MINUTE, 30 * MINUTE, HOUR];
      return fc.tuple(
        fc.constant(change.zone),
        fc.oneof(
          nearBoundary(changeOnOldClock, steps, 2 * HOUR),
          nearBoundary(change.atMs, steps, 2 * HOUR).map((ms) => ms + offsetAt(ms) * MINUTE),
        ),
      );
    });
    fc.assert(
      fc.property(wall, ([zone, at]: [DstZone, number]) => {
        const offsetAt = (ms: number) => utcOffsetMinutes(zone, ms);
        const offsets = [offsetAt(at - DAY), offsetAt(at + DAY)];
        expectEachShape(at, (w) => expectedReading(w, offsets, offsetAt), zone);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('readInstant: a present value that is not a timestamp is a rejection naming the field and saying why', () => {
  const rejection = (value: unknown, zone: string | null): Rejection => {
    try {
      readInstant(new Field(value, ['data', 'scanned_at']), zone);
    } catch (error) {
      expect(error).toBeInstanceOf(Rejection);
      return error as Rejection;
    }
    throw new Error(`${String(value)} was read`);
  };

  it('reads an absent field as null and a timestamp as its instant', () => {
    expect(readInstant(new Field(undefined), IST)).toBeNull();
    expect(readInstant(new Field('null'), IST)).toBeNull();
    expect(readInstant(new Field('2018-07-07 19:34:46'), IST)).toBe('2018-07-07T14:04:46.000Z');
  });

  it.each([
    [true, 'expected a timestamp, got boolean true'],
    [{ at: 1 }, 'expected a timestamp, got an object'],
    [['2018-07-07'], 'expected a timestamp, got a list'],
  ])('%j is a schema violation', (value, detail) => {
    expect(rejection(value, IST)).toMatchObject({
      reason: 'schema-violation',
      detail,
      path: ['data', 'scanned_at'],
    });
  });

  it.each([
    ['yesterday', IST, 'unreadable timestamp the text "yesterday": not a timestamp shape shipfold knows'],
    [
      'yesterday',
      'Not/AZone',
      'unreadable timestamp the text "yesterday": not a timestamp shape shipfold knows',
    ],
    [
      '2018-07-07 19:34:46',
      null,
      'unreadable timestamp the text "2018-07-07 19:34:46": it has no zone and this source documents zoned timestamps',
    ],
    [
      '2019-02-30T10:00:00Z',
      IST,
      'unreadable timestamp the text "2019-02-30T10:00:00Z": not a real date and time',
    ],
    [
      '2019-02-30T10:00:00Z',
      null,
      'unreadable timestamp the text "2019-02-30T10:00:00Z": not a real date and time',
    ],
    [
      '2018-07-07 19:34:46',
      'Not/AZone',
      'unreadable timestamp the text "2018-07-07 19:34:46": not a real date and time (configured zone "Not/AZone" is not a valid IANA zone)',
    ],
    [0, IST, 'unreadable timestamp number 0: outside the years 2000–2099'],
  ] as const)('%j in zone %s: %s', (value, zone, detail) => {
    expect(rejection(value, zone)).toMatchObject({
      reason: 'unreadable-timestamp',
      detail,
      path: ['data', 'scanned_at'],
    });
  });
});
