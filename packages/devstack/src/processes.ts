import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { formatPidFile, type PidRecord, parsePidFile } from './pid-file';
import { WaitTimeoutError, waitFor } from './wait';

/** How to run a process. */
export interface LaunchCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Run as this user (when devstack runs as root and the program refuses to). */
  uid?: number;
  gid?: number;
}

export interface LaunchSpec extends LaunchCommand {
  logFile: string;
}

/**
 * Starts a process in its own session with its output in a log file, and does not wait for it:
 * it outlives the command that started it. The previous log is kept as `<log>.1`.
 */
export async function spawnDetached(spec: LaunchSpec): Promise<number> {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  if (existsSync(spec.logFile)) renameSync(spec.logFile, `${spec.logFile}.1`);
  const out = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      ...(spec.uid === undefined ? {} : { uid: spec.uid }),
      ...(spec.gid === undefined ? {} : { gid: spec.gid }),
      detached: true,
      stdio: ['ignore', out, out],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`${spec.command} started without a pid`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

const execFileAsync = promisify(execFile);

const hasProcfs = existsSync('/proc/self/cmdline');

/** The command line of a live process, or undefined when there is none (or it is a zombie). */
async function commandLine(pid: number): Promise<string | undefined> {
  if (hasProcfs) {
    try {
      const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
      return raw.length > 0 ? raw.split('\0').join(' ') : undefined;
    } catch {
      return undefined;
    }
  }
  try {
    const { stdout } = await execFileAsync('ps', ['-ww', '-o', 'args=', '-p', String(pid)]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is alive and carries `marker` on its command line: the process we started, not a stranger
 * that reused the pid.
 */
export async function isOurs(pid: number, marker: string): Promise<boolean> {
  const args = await commandLine(pid);
  return args?.includes(marker) ?? false;
}

export async function readPidFile(path: string): Promise<PidRecord | undefined> {
  try {
    return parsePidFile(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

export async function writePidFile(path: string, record: PidRecord): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await writeFile(path, formatPidFile(record));
}

export async function removePidFile(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * The live process a pid file names, if it is ours. The marker to look for is the caller's, never the
 * file's: an edited pid file cannot point devstack at another process.
 */
export async function runningFromPidFile(path: string, marker: string): Promise<PidRecord | undefined> {
  const record = await readPidFile(path);
  if (!record || record.marker !== marker) return undefined;
  return (await isOurs(record.pid, marker)) ? record : undefined;
}

/** SIGTERM (or `stopSignal`), then SIGKILL if it has not exited within `graceMs`. Resolves once it is gone. */
export async function stopProcess(
  record: PidRecord,
  graceMs: number,
  stopSignal: NodeJS.Signals = 'SIGTERM',
): Promise<'stopped' | 'killed'> {
  const gone = async () => !(await isOurs(record.pid, record.marker));
  signal(record.pid, stopSignal);
  try {
    await waitFor(gone, { what: `pid ${record.pid} to exit`, timeoutMs: graceMs, intervalMs: 200 });
    return 'stopped';
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
  }
  signal(record.pid, 'SIGKILL');
  await waitFor(gone, {
    what: `pid ${record.pid} to exit after SIGKILL`,
    timeoutMs: 10_000,
    intervalMs: 200,
  });
  return 'killed';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    // Already gone between the check and the signal.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Whether something accepts TCP connections on host:port. */
export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The last lines of a log file, for error messages. */
export async function tailFile(path: string, lines = 40): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer
      .toString('utf8')
      .split('\n')
      .slice(-lines - 1)
      .join('\n')
      .trimEnd();
  } catch {
    return `(no log at ${path})`;
  } finally {
    await handle?.close();
  }
}
