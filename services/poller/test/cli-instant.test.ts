import { describe, expect, it } from 'vitest';
import { parseCliInstant } from '../src/index';

describe('instants on the command line', () => {
  it.each([
    ['2024-06-01', '2024-06-01T00:00:00.000Z'],
    ['2024-06-01T10:00', '2024-06-01T10:00:00.000Z'],
    ['2024-06-01T10:00:00', '2024-06-01T10:00:00.000Z'],
    ['2024-06-01 10:00:00', '2024-06-01T10:00:00.000Z'],
    ['2024-06-01T10:00:00Z', '2024-06-01T10:00:00.000Z'],
    ['2024-06-01T15:30:00+05:30', '2024-06-01T10:00:00.000Z'],
    ['2024-06-01T10:00:00.250Z', '2024-06-01T10:00:00.250Z'],
  ])('%j → %s (naive means UTC)', (text, expected) => {
    expect(new Date(parseCliInstant(text) ?? Number.NaN).toISOString()).toBe(expected);
  });

  it.each(['', 'yesterday', '2024-13-01', '2024-06-31', '1717236000', '2024-06-01T25:00:00Z', '06/01/2024'])(
    '%j is refused',
    (text) => {
      expect(parseCliInstant(text)).toBeNull();
    },
  );
});
