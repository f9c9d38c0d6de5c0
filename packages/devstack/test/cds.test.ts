import { describe, expect, it } from 'vitest';
import { cdsFlags } from '../src/cds';

describe('cdsFlags', () => {
  it('lets a JDK 19+ keep its own archive', () => {
    expect(cdsFlags(25, '/s/a.jsa', false)).toEqual([
      '-XX:SharedArchiveFile=/s/a.jsa',
      '-XX:+AutoCreateSharedArchive',
    ]);
    expect(cdsFlags(21, '/s/a.jsa', true)).toEqual([
      '-XX:SharedArchiveFile=/s/a.jsa',
      '-XX:+AutoCreateSharedArchive',
    ]);
  });

  it('on JDK 17 writes the archive at exit of the first run and reads it afterwards', () => {
    expect(cdsFlags(17, '/s/a.jsa', false)).toEqual(['-XX:ArchiveClassesAtExit=/s/a.jsa']);
    expect(cdsFlags(17, '/s/a.jsa', true)).toEqual(['-XX:SharedArchiveFile=/s/a.jsa']);
  });
});
