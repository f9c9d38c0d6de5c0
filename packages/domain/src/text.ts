import { canonicalInstant, InvalidInstantError } from './instant';

/**
 * Domain events reach the folds already validated by their schema, but the folds still defend the
 * database: anything they keep must survive a PostgreSQL round trip unchanged (or the fold would
 * compare differently after a restart), and identifiers end up in btree indexes, which refuse
 * entries over ~2.7 kB. An event the folds cannot use is refused with a reason instead of blocking
 * its partition.
 */

export type RefusalReason = 'invalid-instant' | 'oversized-identifier' | 'missing-identity';

export class RefusedEventError extends Error {
  constructor(
    readonly reason: RefusalReason,
    detail: string,
  ) {
    super(detail);
    this.name = 'RefusedEventError';
  }
}

/** Longest identifier (waybill, reference, SKU) the folds accept. */
export const MAX_IDENTIFIER_LENGTH = 200;

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is looked for
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL stores verbatim: NUL removed, lone UTF-16 surrogates replaced by U+FFFD. */
export function storableText(value: string): string {
  // Stryker disable next-line ConditionalExpression: equivalent, the replacements below leave clean text unchanged
  if (!SUSPECT.test(value)) return value;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must go
  return value.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

export const optionalText = (value: string | null | undefined): string | null =>
  value === null || value === undefined ? null : storableText(value);

/** An identifier: trimmed; blank means absent; oversized refuses the whole event. */
export function optionalIdentifier(value: string | null | undefined, what: string): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = storableText(value).trim();
  if (trimmed === '') return null;
  if (trimmed.length > MAX_IDENTIFIER_LENGTH) {
    throw new RefusedEventError(
      'oversized-identifier',
      `${what} is ${trimmed.length} characters long (at most ${MAX_IDENTIFIER_LENGTH})`,
    );
  }
  return trimmed;
}

export function instantOf(value: string, what: string): string {
  try {
    return canonicalInstant(value);
  } catch (error) {
    if (error instanceof InvalidInstantError)
      throw new RefusedEventError('invalid-instant', `${what}: ${error.message}`);
    throw error;
  }
}

/** An event id, as kept in sets and primary keys: a required identifier. */
export function eventIdOf(event: { eventId: string }): string {
  const eventId = optionalIdentifier(event.eventId, 'eventId');
  if (eventId === null) throw new RefusedEventError('missing-identity', 'event without an event id');
  return eventId;
}
