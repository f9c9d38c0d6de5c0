import type { ClickpostClient } from '@shipfold/clickpost';
import type { CheckpointStore } from '@shipfold/tracking-state';
import { type DeltaWindowRules, nextDeltaWindow } from './delta-windows';
import { deltaEnvelope } from './envelopes';
import type { RawPublisher } from './raw-publisher';

/**
 * Returns Polling Delta: from the stored checkpoint, one window of at most 60 minutes per cycle up to
 * now − lag; each result becomes a raw envelope (source `clickpost.returns-delta`), and the checkpoint
 * moves to the window's end only after Kafka acknowledged every envelope of the window.
 */

export const RETURNS_DELTA_STREAM = 'clickpost.returns-delta';

export type DeltaCycle =
  | { kind: 'locked' }
  | { kind: 'caught-up'; checkpointMs: number }
  | { kind: 'polled'; startMs: number; endMs: number; results: number };

export interface ReturnsDeltaPollerOptions {
  client: Pick<ClickpostClient, 'returnsDelta'>;
  checkpoints: CheckpointStore;
  publisher: RawPublisher;
  rules: DeltaWindowRules;
  /** Where a stream without checkpoint starts, relative to now. */
  initialLookbackMs: number;
  now?: () => number;
}

export function createReturnsDeltaPoller(options: ReturnsDeltaPollerOptions) {
  const now = options.now ?? Date.now;
  return {
    /** One window, or nothing when caught up (or another poller holds the stream). */
    async cycle(signal?: AbortSignal): Promise<DeltaCycle> {
      const outcome = await options.checkpoints.withCheckpoint(
        RETURNS_DELTA_STREAM,
        () => now() - options.initialLookbackMs,
        async (checkpointMs) => {
          const window = nextDeltaWindow(checkpointMs, now(), options.rules);
          if (window === null) {
            return { advanceTo: null, value: { kind: 'caught-up', checkpointMs } as DeltaCycle };
          }
          const answer = await options.client.returnsDelta(window, { signal });
          const receivedAt = new Date(now());
          await options.publisher.publish(
            answer.results.map((result) => deltaEnvelope(result, answer.window, receivedAt)),
          );
          return {
            advanceTo: window.endMs,
            value: {
              kind: 'polled',
              startMs: window.startMs,
              endMs: window.endMs,
              results: answer.results.length,
            } as DeltaCycle,
          };
        },
      );
      return outcome.kind === 'locked' ? { kind: 'locked' } : outcome.value;
    },
  };
}
export type ReturnsDeltaPoller = ReturnType<typeof createReturnsDeltaPoller>;
