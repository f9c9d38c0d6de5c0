import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockChange, DST_ZONES, type DstZone, utcOffsetMinutes } from '../src/dst-zones';
import { nearInstant } from '../src/near-miss';

/** The offset the platform's time-zone data (ICU, through Intl) gives, from the wall clock it shows. */
function intlOffsetMinutes(zone: string, ms: number): number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const part = Object.fromEntries(format.formatToParts(ms).map(({ type, value }) => [type, Number(value)]));
  const wall = Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day, part.hour, part.minute, part.second);
  return (wall - Math.floor(ms / 1000) * 1000) / 60_000;
}

describe('the DST zones restated as rules', () => {
  it('agree with the platform time-zone data at, beside and between the clock changes', () => {
    const nearChange = clockChange().chain((change) =>
      nearInstant(fc.constant(change.atMs), [1, 1000, 3_600_000], 2 * 3_600_000).map(
        (ms) => [change.zone, ms] as const,
      ),
    );
    const anywhere = fc.constantFrom(...(Object.keys(DST_ZONES) as DstZone[])).chain((zone) =>
      fc
        .integer({
          min: Date.UTC(DST_ZONES[zone].years[0], 0, 1),
          max: Date.UTC(DST_ZONES[zone].years[1], 11, 31),
        })
        .map((ms) => [zone, ms] as const),
    );
    const near = fc.oneof(nearChange, anywhere);
    fc.assert(
      fc.property(near, ([zone, ms]) => {
        expect(utcOffsetMinutes(zone, ms)).toBe(intlOffsetMinutes(zone, ms));
      }),
      { numRuns: 1000 },
    );
  });

  it('a change moves the clock one hour', () => {
    fc.assert(
      fc.property(clockChange(), (change) => {
        expect(Math.abs(change.afterMinutes - change.beforeMinutes)).toBe(60);
      }),
    );
  });
});
