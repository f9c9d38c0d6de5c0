import { readFile } from 'node:fs/promises';

/** Busy and total CPU time of the whole machine so far (jiffies), or null where /proc/stat is missing. */
export async function machineCpu(): Promise<{ busy: number; total: number } | null> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => null);
  const fields = stat?.split('\n', 1)[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!fields || fields.length < 5 || fields.some(Number.isNaN)) return null;
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  // idle and iowait are the fourth and fifth fields.
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}
