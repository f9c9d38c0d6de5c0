import { describe, expect, it } from 'vitest';
import { renderStatusTable } from '../src/status-table';

describe('renderStatusTable', () => {
  it('prints a header and one aligned row per component, parseable by splitting on 2+ spaces', () => {
    const text = renderStatusTable([
      {
        name: 'postgres',
        up: true,
        state: 'up',
        endpoint: 'postgres://postgres@127.0.0.1:5432/shipfold',
        note: "the machine's server",
      },
      { name: 'kafka', up: true, state: 'up', pid: 1234, endpoint: '127.0.0.1:9092' },
      { name: 'registry', up: false, state: 'down', endpoint: 'http://127.0.0.1:8081/apis/ccompat/v7' },
    ]);
    const rows = text
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/ {2,}/));
    expect(rows).toEqual([
      ['COMPONENT', 'STATE', 'PID', 'ENDPOINT', 'NOTE'],
      ['postgres', 'up', '-', 'postgres://postgres@127.0.0.1:5432/shipfold', "the machine's server"],
      ['kafka', 'up', '1234', '127.0.0.1:9092'],
      ['registry', 'down', '-', 'http://127.0.0.1:8081/apis/ccompat/v7'],
    ]);
    const lines = text.split('\n');
    expect(lines[1]?.indexOf('up')).toBe(lines[0]?.indexOf('STATE'));
  });
});
