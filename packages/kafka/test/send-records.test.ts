import { describe, expect, it } from 'vitest';
import { splitBySize } from '../src/send-records';

describe('splitBySize', () => {
  const record = (bytes: number) => ({ key: 'k', value: Buffer.alloc(bytes) });

  it('keeps order and bounds every request; an oversized record travels alone', () => {
    const records = [record(400), record(400), record(400), record(2000), record(10)];
    const requests = splitBySize(records, 1000);
    expect(requests.map((request) => request.map((r) => r.value.length))).toEqual([
      [400, 400],
      [400],
      [2000],
      [10],
    ]);
    expect(splitBySize([record(100), record(100), record(100)], 1000)).toHaveLength(1);
    expect(splitBySize([], 1000)).toEqual([]);
  });
});
