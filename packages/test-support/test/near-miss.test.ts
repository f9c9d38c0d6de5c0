import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearBoundary, nearMiss, textOfUtf8Bytes } from '../src/near-miss';

const right = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
);

describe('near-miss generators', () => {
  it('a near miss is never the right value, and often shares its first eight characters', () => {
    let long = 0;
    let samePrefix = 0;
    fc.assert(
      fc.property(
        right.chain((value) => fc.tuple(fc.constant(value), nearMiss(value))),
        ([value, miss]) => {
          expect(miss).not.toBe(value);
          expect(miss).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
          if (value.length > 8) {
            long++;
            if (miss.slice(0, 8) === value.slice(0, 8)) samePrefix++;
          }
        },
      ),
      { numRuns: 500 },
    );
    // Where a check that stops after eight characters would be fooled; drawn independently, never.
    expect(samePrefix).toBeGreaterThan(long / 3);
  });

  it('near a boundary means the boundary, a step either side, or within the radius', () => {
    fc.assert(
      fc.property(nearBoundary(3_600_000, [1, 1000]), (value) => {
        expect(Math.abs(value - 3_600_000)).toBeLessThanOrEqual(2000);
      }),
    );
  });

  it('text of n UTF-8 bytes has exactly n bytes, fits in a JSON string, and mixes widths', () => {
    let multiByte = 0;
    fc.assert(
      fc.property(
        fc.nat({ max: 5000 }).chain((bytes) => fc.tuple(fc.constant(bytes), textOfUtf8Bytes(bytes))),
        ([bytes, text]) => {
          expect(Buffer.byteLength(text)).toBe(bytes);
          expect(JSON.stringify(text)).toBe(`"${text}"`);
          if (text.length < bytes) multiByte++;
        },
      ),
      { numRuns: 200 },
    );
    expect(multiByte).toBeGreaterThan(100);
  });
});
