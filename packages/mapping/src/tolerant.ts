import { describe, type Path, type PathSegment, reject } from './rejection';

/**
 * The tolerant reader: a cursor over a parsed payload that reads each scalar the way real senders
 * write it. Absent means missing, null, or a string that is blank, "None" (Python) or "null"; text is
 * trimmed; numbers may come as strings and text as numbers. What cannot be read is a
 * `schema-violation` naming the JSON path, never a guess.
 */

/** Longest text kept from a free-text field (status, remark, location, …). */
export const MAX_TEXT_LENGTH = 10_000;
/** Longest identifier (waybill, reference, id): these become Kafka keys and database keys. */
export const MAX_ID_LENGTH = 256;

const ABSENT_WORDS = new Set(['', 'none', 'null']);
const INTEGER_TEXT = /^[+-]?\d{1,15}(\.0+)?$/;
const TRUE_WORDS = new Set(['true', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'no', '0']);

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export class Field {
  constructor(
    readonly value: unknown,
    readonly path: Path = [],
  ) {}

  /** Missing, null, or blank / "None" / "null" text. */
  get absent(): boolean {
    const value = this.value;
    if (value === undefined || value === null) return true;
    return typeof value === 'string' && ABSENT_WORDS.has(value.trim().toLowerCase());
  }

  /** The field under `key` (own properties only, so `__proto__` or `constructor` are plain keys). */
  get(key: PathSegment): Field {
    const value = this.value;
    const path = [...this.path, key];
    if (typeof key === 'number') return new Field(Array.isArray(value) ? value[key] : undefined, path);
    return new Field(isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined, path);
  }

  /** The field at a path of keys: `body.at('additional', 'latest_status')`. */
  at(...keys: PathSegment[]): Field {
    return keys.reduce<Field>((field, key) => field.get(key), this);
  }

  has(key: string): boolean {
    return isRecord(this.value) && Object.hasOwn(this.value, key);
  }

  get isRecord(): boolean {
    return isRecord(this.value);
  }

  text(max = MAX_TEXT_LENGTH): string | null {
    if (this.absent) return null;
    const value = this.value;
    if (typeof value === 'string') {
      const text = value.trim();
      if (text.length > max) this.violation(`text longer than ${max} characters`);
      return text;
    }
    if (typeof value === 'number') {
      if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
        this.violation(`expected text, got a number too large to read exactly (${value})`);
      }
      return String(value);
    }
    if (typeof value === 'boolean') return String(value);
    return this.violation(`expected text, got ${describe(value)}`);
  }

  /** An identifier: text of at most MAX_ID_LENGTH characters. */
  id(): string | null {
    return this.text(MAX_ID_LENGTH);
  }

  integer(): number | null {
    if (this.absent) return null;
    const value = this.value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    if (typeof value === 'string' && INTEGER_TEXT.test(value.trim()))
      return Number.parseInt(value.trim(), 10);
    return this.violation(`expected an integer, got ${describe(value)}`);
  }

  boolean(): boolean | null {
    if (this.absent) return null;
    const value = this.value;
    if (typeof value === 'boolean') return value;
    const word =
      typeof value === 'string' || typeof value === 'number' ? String(value).trim().toLowerCase() : null;
    if (word !== null && TRUE_WORDS.has(word)) return true;
    if (word !== null && FALSE_WORDS.has(word)) return false;
    return this.violation(`expected true or false, got ${describe(value)}`);
  }

  /** The elements of a list; absent reads as an empty list. */
  items(): Field[] {
    if (this.absent) return [];
    if (!Array.isArray(this.value)) return this.violation(`expected a list, got ${describe(this.value)}`);
    return this.value.map((_, index) => this.get(index));
  }

  /** The own entries of an object; absent reads as no entries. */
  entries(): [string, Field][] {
    if (this.absent) return [];
    if (!isRecord(this.value)) return this.violation(`expected an object, got ${describe(this.value)}`);
    return Object.keys(this.value).map((key) => [key, this.get(key)]);
  }

  /** An identifier that must be there: absent is a violation naming `what` is missing. */
  requiredId(what: string): string {
    return this.id() ?? this.violation(`missing ${what}`);
  }

  requiredInteger(what: string): number {
    return this.integer() ?? this.violation(`missing ${what}`);
  }

  violation(detail: string): never {
    return reject('schema-violation', detail, this.path);
  }
}
