import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  eventIdOf,
  InvalidInstantError,
  instantOf,
  MAX_IDENTIFIER_LENGTH,
  optionalIdentifier,
  optionalText,
  RefusedEventError,
  storableText,
} from '../src/index';

/**
 * The documented rule, one UTF-16 unit at a time: NUL dropped, then a surrogate without its partner
 * replaced (so halves that only a NUL kept apart become one character).
 */
function expectedStorable(text: string): string {
  const value = [...text].filter((char) => char !== '\u0000').join('');
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += value.slice(i, i + 2);
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) out += '\uFFFD';
    else out += value[i];
  }
  return out;
}

const refusal = (run: () => unknown): RefusedEventError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RefusedEventError);
    return error as RefusedEventError;
  }
  throw new Error('not refused');
};

describe('storableText', () => {
  it('drops NUL and replaces lone surrogates, keeping everything else (pairs included)', () => {
    const unit = fc.oneof(
      fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '😀', 'a', ' ', '\uFFFD'),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    );
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 12 }).map((parts) => parts.join('')),
        (value) => {
          expect(storableText(value)).toBe(expectedStorable(value));
          expect(optionalText(value)).toBe(expectedStorable(value));
        },
      ),
      { numRuns: 500 },
    );
    expect(storableText('a\u0000b\uD800c\uDC00😀')).toBe('ab\uFFFDc\uFFFD😀');
    expect(storableText('\uD800\u0000\uDC00')).toBe('\uD800\uDC00');
    expect(optionalText(null)).toBeNull();
    expect(optionalText(undefined)).toBeNull();
  });
});

describe('optionalIdentifier', () => {
  it('trims, reads blank as absent, and accepts up to MAX_IDENTIFIER_LENGTH characters', () => {
    expect(optionalIdentifier(null, 'waybill')).toBeNull();
    expect(optionalIdentifier(undefined, 'waybill')).toBeNull();
    expect(optionalIdentifier(' \t\u0000 ', 'waybill')).toBeNull();
    expect(optionalIdentifier(' AWB1 ', 'waybill')).toBe('AWB1');
    const longest = 'x'.repeat(MAX_IDENTIFIER_LENGTH);
    expect(MAX_IDENTIFIER_LENGTH).toBe(200);
    expect(optionalIdentifier(` ${longest} `, 'waybill')).toBe(longest);
  });

  it('refuses the event over the limit, naming the field and its length', () => {
    const error = refusal(() => optionalIdentifier(`${'x'.repeat(MAX_IDENTIFIER_LENGTH + 1)} `, 'waybill'));
    expect(error.name).toBe('RefusedEventError');
    expect(error.reason).toBe('oversized-identifier');
    expect(error.message).toBe('waybill is 201 characters long (at most 200)');
  });
});

describe('eventIdOf', () => {
  it('is the trimmed event id', () => {
    expect(eventIdOf({ eventId: ' e-1 ' })).toBe('e-1');
  });

  it('refuses an event without one, or with an oversized one (naming eventId)', () => {
    const missing = refusal(() => eventIdOf({ eventId: '  ' }));
    expect(missing.reason).toBe('missing-identity');
    expect(missing.message).toBe('event without an event id');
    const oversized = refusal(() => eventIdOf({ eventId: 'e'.repeat(201) }));
    expect(oversized.reason).toBe('oversized-identifier');
    expect(oversized.message).toBe('eventId is 201 characters long (at most 200)');
  });
});

describe('instantOf', () => {
  it('is the canonical instant, or a refusal naming the field and the value', () => {
    expect(instantOf('2023-01-01T00:00:00Z', 'occurredAt')).toBe('2023-01-01T00:00:00.000000Z');
    const error = refusal(() => instantOf('yesterday', 'occurredAt'));
    expect(error.reason).toBe('invalid-instant');
    expect(error.message).toBe(`occurredAt: ${new InvalidInstantError('yesterday').message}`);
    expect(error.message).toContain('"yesterday"');
  });
});
