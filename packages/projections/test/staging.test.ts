import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyText, type StagedValue } from '../src/staging';

/** COPY's text format read back (as PostgreSQL reads it), for the round trip below. */
function readCopyText(text: string): (string | null)[][] {
  const UNESCAPE: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' };
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) =>
      line
        .split('\t')
        .map((field) => (field === '\\N' ? null : field.replace(/\\(.)/g, (_, c) => UNESCAPE[c] ?? c))),
    );
}

describe('copyText', () => {
  it('writes nulls, booleans, numbers and text in COPY text format, one line per row', () => {
    expect(
      copyText([
        ['a', 1, true, null],
        ['', -2.5, false, 'N'],
      ]),
    ).toBe('a\t1\tt\t\\N\n\t-2.5\tf\tN\n');
  });

  it('escapes the characters that would end a field or a row, and backslashes', () => {
    expect(copyText([['tab\there', 'line\nbreak', 'cr\rhere', 'back\\slash', '\\N']])).toBe(
      'tab\\there\tline\\nbreak\tcr\\rhere\tback\\\\slash\t\\\\N\n',
    );
  });

  it('writes no line for no rows', () => {
    expect(copyText([])).toBe('');
  });

  it('any rows of text and nulls read back as written', () => {
    const value = fc.oneof(fc.string({ unit: 'binary' }), fc.constant(null));
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 6 }), { maxLength: 20 }), (rows) => {
        expect(readCopyText(copyText(rows))).toEqual(rows);
      }),
    );
  });

  it('numbers and booleans read back as PostgreSQL would parse them', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.boolean()), { minLength: 1 }), (row: StagedValue[]) => {
        const [fields] = readCopyText(copyText([row]));
        expect(fields).toEqual(row.map((v) => (typeof v === 'boolean' ? (v ? 't' : 'f') : String(v))));
      }),
    );
  });
});
