import { waitFor } from '@shipfold/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { type Supervisor, startSupervisor } from '../src/supervisor/supervisor';

const node = (script: string) => [process.execPath, '-e', script];
let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop('test over');
});

describe('startSupervisor', () => {
  it('restarts a process that failed, alone, and leaves the others running', async () => {
    const lines: string[] = [];
    supervisor = startSupervisor(
      [
        {
          name: 'steady',
          command: node('console.log("up"); setInterval(() => {}, 1000)'),
          cwd: process.cwd(),
        },
        { name: 'crashy', command: node('console.log("started"); process.exit(3)'), cwd: process.cwd() },
        { name: 'done', command: node('process.exit(0)'), cwd: process.cwd() },
      ],
      { write: (line) => lines.push(line) },
    );
    await waitFor('the steady process', () => supervisor?.pids().has('steady'));
    const steady = supervisor.pids().get('steady');
    await waitFor(
      'two restarts of the failing process',
      () => lines.filter((line) => line === '[crashy] started').length >= 3,
      {
        timeoutMs: 20_000,
      },
    );
    expect(supervisor.pids().get('steady')).toBe(steady);
    expect(lines).toContain('[steady] up');
    expect(
      lines.some((line) =>
        /crashy exited with code 3; restarting it in \d+\.\d s \(failure 2 in a row\)/.test(line),
      ),
    ).toBe(true);
    expect(lines).toContain('[shipfold] done exited with code 0; not restarting it');
    expect(lines.filter((line) => line.startsWith('[shipfold] done exited'))).toHaveLength(1);
  });

  it('stops every process with SIGTERM, and kills one that ignores it after the deadline', async () => {
    const lines: string[] = [];
    supervisor = startSupervisor(
      [
        {
          name: 'stubborn',
          command: node(
            'process.on("SIGTERM", () => console.log("ignored")); console.log("up"); setInterval(() => {}, 1000)',
          ),
          cwd: process.cwd(),
        },
        {
          name: 'polite',
          command: node('console.log("up"); setInterval(() => {}, 1000)'),
          cwd: process.cwd(),
        },
      ],
      { write: (line) => lines.push(line), stopDeadlineMs: 500 },
    );
    await waitFor('both processes up', () => lines.filter((line) => line.endsWith('] up')).length === 2);
    await supervisor.stop('SIGINT');
    expect(supervisor.pids().size).toBe(0);
    expect(lines).toContain('[shipfold] stubborn did not stop within 0.5 s: killing it');
    expect(lines.some((line) => line.startsWith('[shipfold] polite'))).toBe(false);
  });
});
