import { DateTime, IANAZone } from 'luxon';
import { describe, reject } from './rejection';
import type { Field } from './tolerant';

/** Clickpost documents its timestamps in IST. */
export const DEFAULT_CLICKPOST_ZONE = 'Asia/Kolkata';

/** Instants outside these years are placeholders or misread units (epoch milliseconds), not scan times. */
const EARLIEST_YEAR = 2000;
const LATEST_YEAR = 2099;

export const isValidZone = (zone: string): boolean => IANAZone.isValidZone(zone);

export type InstantParse =
  | { ok: true; instant: string }
  | { ok: false; why: 'unrecognized' | 'naive' | 'invalid' | 'out-of-range' };

/** `2017-08-02T13:23:02Z`, `2019-04-29 07:47:07.161221`, `2016-10-27 22:15:13+00:00`, `…+0530`, `…+05`. */
const ISO_LIKE =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?) ?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
/** `07/27/2017 5:01 p.m.`: month first; Django's `P` drops zero minutes (`5 p.m.`) and says noon / midnight. */
const US_STYLE =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (?:(\d{1,2})(?::(\d{2}))?(?::(\d{2}))? ?([ap])\.? ?m\.?|(noon)|(midnight))$/i;
/** Epoch seconds as text: 9 or 10 digits (2001 – 2286), optionally with a fraction. */
const EPOCH_SECONDS = /^\d{9,10}(\.\d+)?$/;

/**
 * Reads a vendor timestamp as a UTC instant (`YYYY-MM-DDTHH:mm:ss.SSSZ`). A timestamp without a zone
 * is read in `naiveZone`; `naiveZone = null` means the source documents zoned timestamps, so a naive
 * one is unreadable rather than guessed. A naive time in the hour repeated when clocks fall back is
 * read as the earlier of its two instants (as java.time and Python's `fold=0` do), so the choice
 * never depends on the library's internals. Never throws.
 */
export function parseInstant(raw: string | number, naiveZone: string | null): InstantParse {
  if (typeof raw === 'number') return fromEpochSeconds(raw);
  // Stray whitespace: `2023-04-20T14: 55: 13Z`, doubled or trailing spaces.
  const text = raw.trim().replace(/\s+/g, ' ').replace(/ ?: ?/g, ':');
  if (EPOCH_SECONDS.test(text)) return fromEpochSeconds(Number(text));

  const iso = ISO_LIKE.exec(text);
  if (iso) {
    const [, date, time, zone] = iso;
    // Stryker disable next-line MethodExpression: equivalent, luxon reads a lowercase z as Z
    const isoText = `${date}T${time?.replace(',', '.')}${zone?.toUpperCase() ?? ''}`;
    if (zone === undefined && naiveZone === null) return { ok: false, why: 'naive' };
    const parsed =
      zone === undefined
        ? // Stryker disable next-line StringLiteral: equivalent, unreachable (a naive time with naiveZone null returned above)
          earliestReading(DateTime.fromISO(isoText, { zone: naiveZone ?? 'UTC' }))
        : // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent, setZone only picks the zone shown; settle reads the instant in UTC
          DateTime.fromISO(isoText, { setZone: true });
    return settle(parsed);
  }

  const us = US_STYLE.exec(text);
  if (us) {
    if (naiveZone === null) return { ok: false, why: 'naive' };
    const [, month, day, year, hour12, minute, second, meridiem, noon] = us;
    let hour: number;
    if (meridiem !== undefined) {
      const h = Number(hour12);
      if (h < 1 || h > 12) return { ok: false, why: 'invalid' };
      hour = (h % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
    } else {
      hour = noon !== undefined ? 12 : 0;
    }
    const parsed = earliestReading(
      DateTime.fromObject(
        {
          year: Number(year),
          month: Number(month),
          day: Number(day),
          hour,
          minute: Number(minute ?? 0),
          second: Number(second ?? 0),
        },
        { zone: naiveZone },
      ),
    );
    return settle(parsed);
  }
  return { ok: false, why: 'unrecognized' };
}

/** Of the instants a zoned wall-clock time can name (two in a repeated hour), the earliest. */
function earliestReading(wallClock: DateTime): DateTime {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent, luxon lists the earlier reading first (the reduce guards against that changing); readings never tie
  return wallClock.getPossibleOffsets().reduce((a, b) => (b.toMillis() < a.toMillis() ? b : a));
}

function fromEpochSeconds(seconds: number): InstantParse {
  // Stryker disable next-line ConditionalExpression: equivalent, luxon makes NaN or ±Infinity an invalid DateTime, which settle calls invalid
  if (!Number.isFinite(seconds)) return { ok: false, why: 'invalid' };
  // Stryker disable next-line ObjectLiteral: equivalent, settle reads the instant in UTC whatever the zone
  return settle(DateTime.fromMillis(Math.round(seconds * 1000), { zone: 'UTC' }));
}

function settle(parsed: DateTime): InstantParse {
  if (!parsed.isValid) return { ok: false, why: 'invalid' };
  const utc = parsed.toUTC();
  if (utc.year < EARLIEST_YEAR || utc.year > LATEST_YEAR) return { ok: false, why: 'out-of-range' };
  // Stryker disable next-line ObjectLiteral,StringLiteral: equivalent, suppressMilliseconds false is the default; toISO is null only when invalid, excluded above
  const instant = utc.toISO({ suppressMilliseconds: false }) ?? '';
  return { ok: true, instant };
}

const WHY: Record<Exclude<InstantParse, { ok: true }>['why'], string> = {
  unrecognized: 'not a timestamp shape shipfold knows',
  naive: 'it has no zone and this source documents zoned timestamps',
  invalid: 'not a real date and time',
  'out-of-range': `outside the years ${EARLIEST_YEAR}–${LATEST_YEAR}`,
};

/**
 * The instant in a payload field, or null when the field is absent. A present value that is not a
 * readable timestamp is an `unreadable-timestamp` rejection naming the field.
 */
export function readInstant(field: Field, naiveZone: string | null): string | null {
  if (field.absent) return null;
  const value = field.value;
  if (typeof value !== 'string' && typeof value !== 'number') {
    return field.violation(`expected a timestamp, got ${describe(value)}`);
  }
  const parsed = parseInstant(value, naiveZone);
  if (parsed.ok) return parsed.instant;
  const zoneNote = parsed.why === 'invalid' && naiveZone !== null && !isValidZone(naiveZone);
  return reject(
    'unreadable-timestamp',
    `unreadable timestamp ${describe(value)}: ${WHY[parsed.why]}${zoneNote ? ` (configured zone "${naiveZone}" is not a valid IANA zone)` : ''}`,
    field.path,
  );
}

export function readRequiredInstant(field: Field, naiveZone: string | null, what: string): string {
  return readInstant(field, naiveZone) ?? field.violation(`missing ${what}`);
}

/** The instant at whole-second precision: channels report the same scan with different precision. */
export const toSecond = (instant: string): string => `${instant.slice(0, 19)}Z`;
