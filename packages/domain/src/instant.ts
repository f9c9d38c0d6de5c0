/**
 * Instants inside the folds. Events carry UTC ISO-8601 strings, but two renderings of one instant
 * can differ (`…07.1Z`, `…07.100000Z`, `+00:00`), and the folds compare instants as strings. So
 * every instant is first brought to one canonical shape: `YYYY-MM-DDTHH:MM:SS.ffffffZ`, microsecond
 * precision (PostgreSQL's timestamptz precision, so a value read back from the database compares
 * equal to the one written). Canonical instants sort lexicographically in time order (years 0001–9999).
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

export class InvalidInstantError extends Error {
  constructor(readonly value: unknown) {
    super(`not an ISO-8601 instant with a zone: ${String(JSON.stringify(value)).slice(0, 80)}`);
    this.name = 'InvalidInstantError';
  }
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** The canonical form of an ISO-8601 instant with a zone designator; throws on anything else. */
export function canonicalInstant(value: string): string {
  return (typeof value === 'string' && fastUtcInstant(value)) || generalInstant(value);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The shape the normalizer writes (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`), read without a regex or a
 * Date: this runs for every instant of every event. Null for anything else (the general path decides).
 */
function fastUtcInstant(value: string): string | null {
  const length = value.length;
  // Stryker disable next-line ConditionalExpression: equivalent, a shorter string fails the separator or digit checks below
  if (length < 20) return null;
  if (value.charCodeAt(length - 1) !== 90 /* Z */) return null;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':')
    return null;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  let micros = '000000';
  if (length > 20) {
    // A fraction has at least one digit: `…:00.Z` is not ISO-8601.
    if (length < 22 || value[19] !== '.' || Number.isNaN(digits(value, 20, length - 1))) return null;
    micros = `${value.slice(20, length - 1)}000000`.slice(0, 6);
  }
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (
    !(
      year >= 1 &&
      // Stryker disable next-line ConditionalExpression: equivalent, month 00 has no days (DAYS_IN_MONTH[-1] ?? 0)
      month >= 1 &&
      day >= 1 &&
      day <= days &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59
    )
  )
    return null;
  return `${value.slice(0, 19)}.${micros}Z`;
}

/**
 * The number the decimal digits value[from, to) spell, NaN if one is not a digit (a long fraction
 * may spell an inexact number or Infinity: of a fraction, only whether it is NaN matters).
 */
function digits(value: string, from: number, to: number): number {
  let result = 0;
  for (let index = from; index < to; index++) {
    const digit = value.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    result = result * 10 + digit;
  }
  return result;
}

function generalInstant(value: string): string {
  const match = typeof value === 'string' ? ISO.exec(value.trim()) : null;
  if (!match) throw new InvalidInstantError(value);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  // Not Date.UTC, which reads the years 0–99 as 1900–1999.
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second);
  const local = check.getTime();
  // The Date rolls 2023-02-30 over to March; a real calendar date survives the round trip unchanged.
  // An overflowing field also moves the next larger one, so each check below is backed by its
  // neighbour: dropping any single one changes nothing.
  if (
    year < 1 ||
    // Stryker disable next-line ConditionalExpression: equivalent, an overflow into the year also changes the month
    check.getUTCFullYear() !== year ||
    // Stryker disable next-line ConditionalExpression: equivalent, a month overflow also changes the year
    check.getUTCMonth() !== month - 1 ||
    // Stryker disable next-line ConditionalExpression: equivalent, a day overflow also changes the month
    check.getUTCDate() !== day ||
    // Stryker disable next-line ConditionalExpression: equivalent, an hour overflow also changes the day
    check.getUTCHours() !== hour ||
    // Stryker disable next-line ConditionalExpression: equivalent, a minute overflow also changes the hour
    check.getUTCMinutes() !== minute ||
    // Stryker disable next-line ConditionalExpression: equivalent, a second overflow also changes the minute
    check.getUTCSeconds() !== second
  ) {
    throw new InvalidInstantError(value);
  }
  const micros = `${match[7] ?? ''}000000`.slice(0, 6);
  // Stryker disable next-line StringLiteral: equivalent, the zone group is not optional (match[8] is always set)
  const utc = new Date(local - offsetMinutes(match[8] ?? 'Z') * 60_000);
  if (utc.getUTCFullYear() < 1 || utc.getUTCFullYear() > 9999) throw new InvalidInstantError(value);
  return (
    `${pad(utc.getUTCFullYear(), 4)}-${pad(utc.getUTCMonth() + 1, 2)}-${pad(utc.getUTCDate(), 2)}` +
    `T${pad(utc.getUTCHours(), 2)}:${pad(utc.getUTCMinutes(), 2)}:${pad(utc.getUTCSeconds(), 2)}.${micros}Z`
  );
}

function offsetMinutes(zone: string): number {
  // Stryker disable next-line ConditionalExpression,MethodExpression,StringLiteral: equivalent, Z through the arithmetic below is 0 too
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  // Stryker disable next-line StringLiteral: equivalent, Number('') is 0 like Number('0')
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** Microseconds since the epoch of a canonical instant (for lag and time-distance computations). */
export function instantMicros(canonical: string): number {
  return Date.parse(`${canonical.slice(0, 23)}Z`) * 1000 + Number(canonical.slice(23, 26));
}
