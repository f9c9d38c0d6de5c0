import fc from 'fast-check';

/*
 * Zones that change their clocks, restated as their published rules with Date.UTC arithmetic, no
 * time-zone library: an oracle for code that reads or writes wall-clock times in them.
 */

/** The day of the month of the first Sunday on or after `day` (month from 0). */
const sundayFrom = (year: number, month: number, day: number): number =>
  day + ((7 - new Date(Date.UTC(year, month, day)).getUTCDay()) % 7);

/** The day of the month of the month's last Sunday. */
const lastSunday = (year: number, month: number): number => {
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return last - new Date(Date.UTC(year, month, last)).getUTCDay();
};

interface ZoneRules {
  /** Offsets from UTC in minutes. */
  standard: number;
  daylight: number;
  /** Whether 1 January (UTC) of a year is in daylight time (the southern hemisphere). */
  daylightAtNewYear: boolean;
  /** The years the rules below hold for. */
  years: [number, number];
  /** The instants (epoch ms) the clocks change in a year, in order. */
  changes: (year: number) => number[];
}

/** Four zones that change their clocks, each with its rules for the years they hold (checked against Intl). */
export const DST_ZONES = {
  // Since 2007: second Sunday of March 02:00 EST, first Sunday of November 02:00 EDT.
  'America/New_York': {
    standard: -300,
    daylight: -240,
    daylightAtNewYear: false,
    years: [2008, 2037],
    changes: (y) => [Date.UTC(y, 2, sundayFrom(y, 2, 8), 7), Date.UTC(y, 10, sundayFrom(y, 10, 1), 6)],
  },
  // EU rule since 1996: last Sunday of March and of October, 01:00 UTC.
  'Europe/London': {
    standard: 0,
    daylight: 60,
    daylightAtNewYear: false,
    years: [2008, 2037],
    changes: (y) => [Date.UTC(y, 2, lastSunday(y, 2), 1), Date.UTC(y, 9, lastSunday(y, 9), 1)],
  },
  // Since 2008: first Sunday of April 03:00 AEDT, first Sunday of October 02:00 AEST (16:00Z the day before).
  'Australia/Sydney': {
    standard: 600,
    daylight: 660,
    daylightAtNewYear: true,
    years: [2009, 2037],
    changes: (y) => [
      Date.UTC(y, 3, sundayFrom(y, 3, 1), 3 - 11),
      Date.UTC(y, 9, sundayFrom(y, 9, 1), 2 - 10),
    ],
  },
  // Brazil until 2019, at local midnight: ends the third Sunday of February (a week later in the
  // Carnival years 2012 and 2015); starts the third Sunday of October, the first of November in 2018,
  // and no more after February 2019.
  'America/Sao_Paulo': {
    standard: -180,
    daylight: -120,
    daylightAtNewYear: true,
    years: [2009, 2019],
    changes: (y) => {
      const end = Date.UTC(y, 1, sundayFrom(y, 1, y === 2012 || y === 2015 ? 22 : 15), 2);
      if (y >= 2019) return [end];
      const start =
        y === 2018 ? Date.UTC(y, 10, sundayFrom(y, 10, 1), 3) : Date.UTC(y, 9, sundayFrom(y, 9, 15), 3);
      return [end, start];
    },
  },
} satisfies Record<string, ZoneRules>;

export type DstZone = keyof typeof DST_ZONES;

/** The zone's offset from UTC in minutes at an instant (epoch ms) within its rule years. */
export function utcOffsetMinutes(zone: DstZone, ms: number): number {
  const rules: ZoneRules = DST_ZONES[zone];
  const year = new Date(ms).getUTCFullYear();
  if (year < rules.years[0] || year > rules.years[1]) throw new RangeError(`no rules for ${zone} in ${year}`);
  const passed = rules.changes(year).filter((change) => change <= ms).length;
  return rules.daylightAtNewYear === (passed % 2 === 0) ? rules.daylight : rules.standard;
}

/** A clock change: its zone, instant (epoch ms), and the offsets before and after it in minutes. */
export interface ClockChange {
  zone: DstZone;
  atMs: number;
  beforeMinutes: number;
  afterMinutes: number;
}

/** Clock changes of the DST zones (all four unless `zones` says), in the years their rules hold for. */
export const clockChange = (
  zones: readonly DstZone[] = Object.keys(DST_ZONES) as DstZone[],
): fc.Arbitrary<ClockChange> =>
  fc
    .constantFrom(...zones)
    .chain((zone) => {
      const rules: ZoneRules = DST_ZONES[zone];
      return fc.tuple(
        fc.constant(zone),
        fc
          .integer({ min: rules.years[0], max: rules.years[1] })
          .chain((year) => fc.constantFrom(...rules.changes(year))),
      );
    })
    .map(([zone, atMs]) => ({
      zone,
      atMs,
      beforeMinutes: utcOffsetMinutes(zone, atMs - 1),
      afterMinutes: utcOffsetMinutes(zone, atMs),
    }));
