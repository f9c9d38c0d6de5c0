import { DateTime, IANAZone } from 'luxon';
import { ClickpostWindowError } from './errors';

/**
 * The Returns Polling Delta API's rule: "The difference between Start Time and End Time cannot be more
 * than 60 minutes". Times go out as naive `YYYY-MM-DDThh:mm:ss` in a configured zone (Clickpost's
 * examples read as UTC). Pure.
 */
export const MAX_DELTA_WINDOW_MS = 60 * 60 * 1000;

export interface TimeWindow {
  /** Inclusive start, epoch milliseconds. */
  startMs: number;
  /** End, epoch milliseconds. */
  endMs: number;
}

export interface DeltaQueryTimes {
  start_time: string;
  end_time: string;
}

const CLICKPOST_TIME = "yyyy-LL-dd'T'HH:mm:ss";

export function assertZone(zone: string): void {
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`unknown time zone: ${zone}`);
}

/** An instant as Clickpost's naive timestamp in `zone`, truncated to the second. */
export function formatClickpostTime(instantMs: number, zone: string): string {
  return DateTime.fromMillis(Math.floor(instantMs / 1000) * 1000, { zone }).toFormat(CLICKPOST_TIME);
}

/** Seconds between two naive timestamps as written (wall clock), which is what the server compares. */
const wallClockSeconds = (start: string, end: string): number =>
  DateTime.fromISO(end, { zone: 'utc' }).diff(DateTime.fromISO(start, { zone: 'utc' }), 'seconds').seconds;

/**
 * The query times for a window, or a ClickpostWindowError when Clickpost would refuse it. Checked on
 * the instants and again on the strings that would be sent, so nothing longer than 60 minutes leaves.
 */
export function deltaQueryTimes(window: TimeWindow, zone: string): DeltaQueryTimes {
  const { startMs, endMs } = window;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) {
    throw new ClickpostWindowError(String(startMs), String(endMs), 'not a valid instant');
  }
  const start_time = formatClickpostTime(startMs, zone);
  const end_time = formatClickpostTime(endMs, zone);
  const instantSeconds = Math.floor(endMs / 1000) - Math.floor(startMs / 1000);
  const sentSeconds = wallClockSeconds(start_time, end_time);
  if (instantSeconds <= 0 || sentSeconds <= 0) {
    throw new ClickpostWindowError(start_time, end_time, 'end is not after start');
  }
  const limit = MAX_DELTA_WINDOW_MS / 1000;
  if (instantSeconds > limit || sentSeconds > limit) {
    throw new ClickpostWindowError(
      start_time,
      end_time,
      `longer than 60 minutes (${(Math.max(instantSeconds, sentSeconds) / 60).toFixed(2)} min)`,
    );
  }
  return { start_time, end_time };
}

/**
 * Consecutive windows of at most `maxMs` (≤ 60 minutes) covering [fromMs, toMs], on whole seconds:
 * the start is floored and the end ceiled to the second so no instant of the range is left out.
 */
export function planWindows(fromMs: number, toMs: number, maxMs = MAX_DELTA_WINDOW_MS): TimeWindow[] {
  if (!(maxMs >= 1000 && maxMs <= MAX_DELTA_WINDOW_MS)) {
    throw new RangeError(`window length must be between 1 s and 60 min, got ${maxMs} ms`);
  }
  const step = Math.floor(maxMs / 1000) * 1000;
  const start = Math.floor(fromMs / 1000) * 1000;
  const end = Math.ceil(toMs / 1000) * 1000;
  const windows: TimeWindow[] = [];
  for (let at = start; at < end; at += step) {
    windows.push({ startMs: at, endMs: Math.min(at + step, end) });
  }
  return windows;
}
