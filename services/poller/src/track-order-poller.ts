import {
  type ClickpostClient,
  ClickpostCourierCredentialsError,
  ClickpostInvalidCourierError,
  ClickpostNotFoundError,
  type TrackOrderValue,
} from '@shipfold/clickpost';
import { isTerminalStatus } from '@shipfold/domain';
import type {
  CandidateRules,
  TrackCandidate,
  TrackCandidateSource,
  TrackPollRecord,
} from '@shipfold/tracking-state';
import { trackOrderEnvelope } from './envelopes';
import type { RawPublisher } from './raw-publisher';

/**
 * The track-order fallback: shipments that went quiet (or whose journey ended since the last poll) are
 * polled in batches per courier partner; each waybill's answer becomes a raw envelope (source
 * `clickpost.track-order`) whose scans the normalizer turns into the same events (same ids) as the
 * webhooks, so nothing is counted twice. A poll is recorded only after Kafka acknowledged it.
 */

export interface TrackCycle {
  candidates: number;
  requests: number;
  published: number;
  /** Waybills Clickpost did not know. */
  unknown: number;
  /** Waybills of batches Clickpost refused for their courier or their waybills (see BATCH_REFUSALS). */
  refused: number;
}

/**
 * Answers about one batch — its courier partner id unknown (302), that courier's credentials missing
 * (316, 324), its waybills not found (321, 326, 330) — not about the account or the service: the
 * batch's polls are recorded (so it waits for the repoll time) and the cycle goes on with the next
 * batch. Anything else (network, timeout, 5xx, rate limit, authentication) fails the cycle, which is
 * retried; one bad courier id among the candidates must not stop the polling of all the others.
 */
const BATCH_REFUSALS = [
  ClickpostInvalidCourierError,
  ClickpostCourierCredentialsError,
  ClickpostNotFoundError,
];
const refusesBatch = (error: unknown) => BATCH_REFUSALS.some((refusal) => error instanceof refusal);

export interface TrackOrderPollerOptions {
  client: Pick<ClickpostClient, 'trackOrder'>;
  candidates: TrackCandidateSource;
  publisher: RawPublisher;
  rules: CandidateRules;
  batchSize: number;
  now?: () => number;
}

/** Batches of at most `size` waybills, each of one courier partner. */
export function batchesByCourier(candidates: readonly TrackCandidate[], size: number): TrackCandidate[][] {
  const byCourier = new Map<number, TrackCandidate[]>();
  for (const candidate of candidates) {
    const group = byCourier.get(candidate.cpId) ?? [];
    group.push(candidate);
    byCourier.set(candidate.cpId, group);
  }
  const batches: TrackCandidate[][] = [];
  for (const group of byCourier.values()) {
    for (let i = 0; i < group.length; i += size) batches.push(group.slice(i, i + size));
  }
  return batches;
}

/** Whether a track-order entry shows a journey that has ended (its latest status is terminal). */
function endedJourney(entry: TrackOrderValue): boolean {
  const terminal = (scan: { clickpost_status_code?: unknown } | undefined) => {
    const code = Number(scan?.clickpost_status_code);
    return Number.isInteger(code) && isTerminalStatus(code);
  };
  // Legacy answers are a bare list of scans, in no promised order.
  return Array.isArray(entry) ? entry.some(terminal) : terminal(entry.latest_status);
}

export function createTrackOrderPoller(options: TrackOrderPollerOptions) {
  const now = options.now ?? Date.now;
  return {
    async cycle(signal?: AbortSignal): Promise<TrackCycle> {
      const due = await options.candidates.due(options.rules, now());
      const stats: TrackCycle = { candidates: due.length, requests: 0, published: 0, unknown: 0, refused: 0 };
      for (const batch of batchesByCourier(due, options.batchSize)) {
        signal?.throwIfAborted();
        const cpId = (batch[0] as TrackCandidate).cpId;
        stats.requests++;
        const answer = await options.client
          .trackOrder({ cpId, waybills: batch.map((candidate) => candidate.waybill) }, { signal })
          .catch((error: unknown) => {
            if (refusesBatch(error)) return undefined;
            throw error;
          });
        if (!answer) {
          stats.refused += batch.length;
          await options.candidates.recordPolls(
            batch.map((candidate) => ({ ...candidate, terminal: false })),
            now(),
          );
          continue;
        }
        const receivedAt = new Date(now());
        const envelopes = [];
        const polls: TrackPollRecord[] = [];
        for (const candidate of batch) {
          const entry = answer.entries.get(candidate.waybill);
          const known = entry !== undefined && (Array.isArray(entry) || entry.valid !== false);
          if (!known) stats.unknown++;
          else envelopes.push(trackOrderEnvelope(answer.meta, cpId, candidate.waybill, entry, receivedAt));
          polls.push({ ...candidate, terminal: known && endedJourney(entry) });
        }
        await options.publisher.publish(envelopes);
        stats.published += envelopes.length;
        await options.candidates.recordPolls(polls, now());
      }
      return stats;
    },
  };
}
export type TrackOrderPoller = ReturnType<typeof createTrackOrderPoller>;
