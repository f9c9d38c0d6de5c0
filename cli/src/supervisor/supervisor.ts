import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { restartDecision } from './restart-policy';

/** A deployable process as `shipfold start` runs it. */
export interface ProcessSpec {
  name: string;
  /** The program and its arguments. */
  command: readonly string[];
  cwd: string;
  env?: Record<string, string>;
}

export interface SupervisorOptions {
  /** Where the prefixed output lines and the supervisor's own lines go. */
  write(line: string): void;
  /** How long the processes get to stop after SIGTERM before they are killed. */
  stopDeadlineMs?: number;
}

/**
 * Runs every process with its output prefixed by its name, and restarts one that failed, alone, with
 * backoff (restart-policy.ts), while the others keep running. SIGINT or SIGTERM stops them all: each
 * gets SIGTERM, then SIGKILL after the deadline. concurrently, which this replaces, restarts either
 * never or with a backoff that neither caps nor resets.
 */
export interface Supervisor {
  /** The pid of each process now running, by name. */
  pids(): Map<string, number>;
  /** Stops restarting and stops every process: SIGTERM, then SIGKILL after the deadline. */
  stop(reason: string): Promise<void>;
}

export function startSupervisor(specs: readonly ProcessSpec[], options: SupervisorOptions): Supervisor {
  const running = new Map<string, ChildProcess>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;
  const say = (line: string) => options.write(`[shipfold] ${line}`);

  const pipe = (name: string, stream: NodeJS.ReadableStream | null) => {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
      options.write(`[${name}] ${line}`),
    );
  };

  const run = (spec: ProcessSpec, failuresBefore: number) => {
    const startedAt = Date.now();
    const [program, ...args] = spec.command;
    const child = spawn(program as string, args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.set(spec.name, child);
    pipe(spec.name, child.stdout);
    pipe(spec.name, child.stderr);
    child.on('error', (error) => say(`${spec.name} could not be started: ${error.message}`));
    child.on('exit', (code, signal) => {
      running.delete(spec.name);
      if (stopping) return;
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      const decision = restartDecision({ code, signal, ranMs: Date.now() - startedAt, failuresBefore });
      if (!decision.restart) {
        say(`${spec.name} ${how}; not restarting it`);
        return;
      }
      say(
        `${spec.name} ${how}; restarting it in ${(decision.delayMs / 1000).toFixed(1)} s (failure ${decision.failuresInARow} in a row), the others keep running`,
      );
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopping) run(spec, decision.failuresInARow);
      }, decision.delayMs);
      timers.add(timer);
    });
  };

  for (const spec of specs) run(spec, 0);

  return {
    pids: () => new Map([...running].map(([name, child]) => [name, child.pid ?? -1])),
    async stop(reason) {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      say(`${reason}: stopping ${[...running.keys()].join(', ') || 'nothing'}`);
      const deadlineMs = options.stopDeadlineMs ?? 15_000;
      const exits = [...running.values()].map((child) =>
        child.exitCode === null && child.signalCode === null ? once(child, 'exit') : undefined,
      );
      for (const child of running.values()) child.kill('SIGTERM');
      const deadline = setTimeout(() => {
        for (const [name, child] of running) {
          say(`${name} did not stop within ${deadlineMs / 1000} s: killing it`);
          child.kill('SIGKILL');
        }
      }, deadlineMs);
      await Promise.all(exits);
      clearTimeout(deadline);
    },
  };
}
