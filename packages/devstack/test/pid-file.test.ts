import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPidFile, parsePidFile } from '../src/pid-file';

const record = {
  pid: 4242,
  marker: '-Dshipfold.devstack=/repo/.stack#kafka',
  startedAt: '2026-01-01T00:00:00.000Z',
};

describe('pid files', () => {
  it('reads back what it writes', () => {
    expect(parsePidFile(formatPidFile(record))).toEqual(record);
  });

  it('round-trips any plausible record', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 4_194_304 }),
        fc.string({ minLength: 1 }),
        fc.string(),
        (pid, marker, startedAt) => {
          expect(parsePidFile(formatPidFile({ pid, marker, startedAt }))).toEqual({ pid, marker, startedAt });
        },
      ),
    );
  });

  it.each([
    ['empty', ''],
    ['a bare number (not ours)', '4242\n'],
    ['truncated JSON', '{"pid":4242,"marker":"x"'],
    ['null', 'null'],
    ['an array', '[4242]'],
    ['pid as a string', JSON.stringify({ ...record, pid: '4242' })],
    ['pid 0', JSON.stringify({ ...record, pid: 0 })],
    ['pid 1 (init)', JSON.stringify({ ...record, pid: 1 })],
    ['negative pid (would signal a process group)', JSON.stringify({ ...record, pid: -4242 })],
    ['fractional pid', JSON.stringify({ ...record, pid: 42.5 })],
    ['pid beyond pid_max', JSON.stringify({ ...record, pid: 2 ** 40 })],
    ['no marker', JSON.stringify({ pid: 4242, startedAt: record.startedAt })],
    ['empty marker', JSON.stringify({ ...record, marker: '' })],
    ['oversized', JSON.stringify({ ...record, marker: 'x'.repeat(10_000) })],
  ])('rejects %s', (_, text) => {
    expect(parsePidFile(text)).toBeUndefined();
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        parsePidFile(text);
      }),
    );
  });
});
