import { type ClickpostClient, planWindows, type TimeWindow } from '@shipfold/clickpost';
import { DateTime } from 'luxon';
import { deltaEnvelope } from './envelopes';
import type { RawPublisher } from './raw-publisher';

/**
 * Walks a past range of the Returns Polling Delta API in windows of at most 60 minutes and publishes
 * every result like the poller does. Independent of the poller's checkpoint. On a failure it stops and
 * says which window failed, so the walk can resume from there (`--from` its start).
 */

export interface BackfillProgress {
  window: TimeWindow;
  index: number;
  total: number;
  results: number;
}

export class BackfillError extends Error {
  override name = 'BackfillError';
  constructor(
    readonly window: TimeWindow,
    readonly done: number,
    cause: unknown,
  ) {
    super(
      `window ${new Date(window.startMs).toISOString()} → ${new Date(window.endMs).toISOString()} failed ` +
        `after ${done} windows: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

export async function backfillReturns(options: {
  client: Pick<ClickpostClient, 'returnsDelta'>;
  publisher: RawPublisher;
  fromMs: number;
  toMs: number;
  onWindow?: (progress: BackfillProgress) => void;
  signal?: AbortSignal;
  now?: () => number;
}): Promise<{ windows: number; results: number }> {
  const now = options.now ?? Date.now;
  const windows = planWindows(options.fromMs, options.toMs);
  let results = 0;
  for (const [index, window] of windows.entries()) {
    options.signal?.throwIfAborted();
    try {
      const answer = await options.client.returnsDelta(window, { signal: options.signal });
      const receivedAt = new Date(now());
      await options.publisher.publish(
        answer.results.map((result) => deltaEnvelope(result, answer.window, receivedAt)),
      );
      results += answer.results.length;
      options.onWindow?.({ window, index, total: windows.length, results: answer.results.length });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new BackfillError(window, index, error);
    }
  }
  return { windows: windows.length, results };
}

/**
 * An instant given on the command line: ISO-8601 with or without a time; with `Z` or an offset it is
 * taken as written, without one it is read as UTC (never in the machine's zone). Null if unreadable.
 */
export function parseCliInstant(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(trimmed))
    return null;
  const parsed = DateTime.fromISO(trimmed.replace(' ', 'T'), { zone: 'utc', setZone: true });
  return parsed.isValid ? parsed.toMillis() : null;
}
