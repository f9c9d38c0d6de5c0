import { mkdirSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { waitFor } from './wait';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function tryAcquire(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    await handle.writeFile(String(process.pid));
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  // A lock left by a process that died is free.
  if (!Number.isSafeInteger(holder) || holder <= 0 || !alive(holder)) await rm(path, { force: true });
  return false;
}

/**
 * Runs `action` while holding a lock file, so that two `stack:up`s (a terminal and a test run, say)
 * do not start a component twice.
 */
export async function withLock<T>(path: string, timeoutMs: number, action: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  await waitFor(() => tryAcquire(path), { what: `the lock ${path}`, timeoutMs, intervalMs: 250 });
  try {
    return await action();
  } finally {
    await rm(path, { force: true });
  }
}
