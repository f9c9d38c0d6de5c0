import { describe, expect, it } from 'vitest';
import { parseInstant } from '../src/time';

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
