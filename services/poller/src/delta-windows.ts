import { MAX_DELTA_WINDOW_MS, type TimeWindow } from '@shipfold/clickpost';

/**
 * The next Returns Polling Delta window after a checkpoint. Pure.
 *
 * The checkpoint is the end of the last window whose results Kafka acknowledged. The next window
 * starts `overlap` before it (a return Clickpost records a little late is still seen; the fold
 * deduplicates what is seen twice), is at most 60 minutes long, and ends no later than `now − lag`
 * (Clickpost's data for the last minutes may not be complete yet). Null when there is nothing new.
 */
export interface DeltaWindowRules {
  lagMs: number;
  overlapMs: number;
  maxMs?: number;
}

const floorSecond = (ms: number) => Math.floor(ms / 1000) * 1000;

export function nextDeltaWindow(
  checkpointMs: number,
  nowMs: number,
  rules: DeltaWindowRules,
): TimeWindow | null {
  const maxMs = rules.maxMs ?? MAX_DELTA_WINDOW_MS;
  if (rules.overlapMs >= maxMs / 2) throw new RangeError('the overlap must be shorter than half a window');
  const horizon = floorSecond(nowMs - rules.lagMs);
  if (horizon <= checkpointMs) return null;
  const startMs = floorSecond(checkpointMs - rules.overlapMs);
  return { startMs, endMs: Math.min(startMs + floorSecond(maxMs), horizon) };
}
