import { hash } from 'node:crypto';

/**
 * The small building blocks every fold is made of. Each one is a join: commutative, associative and
 * idempotent, so folding any permutation of any multiset of observations gives the same result.
 */

/** A value with the instant it was observed at: a last-writer-wins register keyed by event time. */
export interface Stamped<T> {
  value: T;
  /** Canonical instant (see instant.ts). */
  at: string;
}

/**
 * Text in code point order: the order of PostgreSQL's "C" collation (UTF-8 bytes), so the same tie
 * can be broken here and in SQL (`COLLATE "C"`) with the same result. JavaScript's `<` compares UTF-16
 * code units, which differs for characters above U+FFFF.
 */
export function compareText(a: string, b: string): number {
  // Stryker disable next-line ConditionalExpression: equivalent, a shortcut: equal text compares 0 below too
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x === y) continue;
    // A surrogate (part of a code point above U+FFFF) sorts after every code unit that is not one.
    const xHigh = x >= 0xd800 && x <= 0xdfff;
    const yHigh = y >= 0xd800 && y <= 0xdfff;
    if (xHigh !== yHigh) return xHigh ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/**
 * The total order that breaks ties between different values observed at the same instant:
 * null < false < true < numbers < text (code point order) < records (field by field, in the order
 * our own code builds them). The SQL projection mirrors it column by column.
 */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  const rank = (value: unknown) =>
    value === null || value === undefined
      ? 0
      : typeof value === 'boolean'
        ? 1
        : typeof value === 'number'
          ? 2
          : typeof value === 'string'
            ? 3
            : 4;
  const rankA = rank(a);
  const byRank = rankA - rank(b);
  // null and undefined are one value: absent.
  if (byRank !== 0 || rankA === 0) return byRank;
  if (typeof a === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'number') return a - (b as number);
  if (typeof a === 'string') return compareText(a, b as string);
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of Object.keys(left)) {
    const byField = compareValues(left[key], right[key]);
    if (byField !== 0) return byField;
  }
  return 0;
}

/** Latest by instant; equal instants: the greater value wins. `null` is the bottom element. */
export function later<T>(a: Stamped<T> | null, b: Stamped<T> | null): Stamped<T> | null {
  if (a === null) return b;
  if (b === null) return a;
  // Stryker disable next-line EqualityOperator: equivalent, `>` and `>=` agree on instants known to differ
  if (a.at !== b.at) return a.at > b.at ? a : b;
  // Stryker disable next-line EqualityOperator: equivalent, equal instant and value are identical registers
  return compareValues(a.value, b.value) >= 0 ? a : b;
}

/** A register from an observation that may carry no value: absent values never overwrite present ones. */
export const stamp = <T>(value: T | null | undefined, at: string): Stamped<T> | null =>
  value === null || value === undefined ? null : { value, at };

// Stryker disable next-line EqualityOperator: equivalent, equal strings are identical
export const earlier = (a: string, b: string): string => (a <= b ? a : b);
// Stryker disable next-line EqualityOperator: equivalent, equal strings are identical
export const latest = (a: string, b: string): string => (a >= b ? a : b);

/** Plain comparison of ASCII text (instants, hex fingerprints, ids): where code units = code points. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A fixed text rendering of plain data built by our own code (fixed key order). */
// Stryker disable next-line StringLiteral: equivalent, no JSON rendering is '' or 'undefined': either fallback stays distinct
export const contentKey = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

/**
 * SHA-256 (hex) of a value's content key. Used where the same tie-break must be taken both here and
 * inside PostgreSQL (`fingerprint COLLATE "C"` comparisons): hex strings order identically in both.
 * The one-shot `hash` is half the cost of a `createHash` object, and this runs twice per event.
 */
export const fingerprint = (value: unknown): string => hash('sha256', contentKey(value), 'hex');
