/** What a pid file records about a process devstack started. */
export interface PidRecord {
  pid: number;
  /** A string on the process's command line that identifies it as ours (guards against pid reuse). */
  marker: string;
  startedAt: string;
}

export function formatPidFile(record: PidRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/**
 * Reads a pid file's text. Anything that is not a record we wrote (empty, truncated, edited, hostile)
 * yields undefined, and the caller treats the process as not running.
 */
export function parsePidFile(text: string): PidRecord | undefined {
  if (text.length > 4096) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, marker, startedAt } = value as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 1 || pid > 4_194_304) return undefined;
  if (typeof marker !== 'string' || marker.length === 0) return undefined;
  if (typeof startedAt !== 'string') return undefined;
  return { pid, marker, startedAt };
}
