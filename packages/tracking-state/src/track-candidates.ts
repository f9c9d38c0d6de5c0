import type { Pool } from '@shipfold/db';
import { LIVE_SCHEMA, type Tables, tablesIn, trackableShipmentsSql } from '@shipfold/projections';

/**
 * Which shipments the track-order fallback asks Clickpost about, from the projections' read
 * (trackableShipmentsSql: projected shipments and return pickups) and this package's own tables:
 *
 *   - known shipments (projected, registered for tracking, or a return's pickup AWB) whose journey has
 *     not ended and that have been quiet (no scan, or registered without any) longer than `quietMs`,
 *     and were not polled in the last `repollMs`;
 *   - with `confirmTerminal`: shipments whose journey ended and that were never polled since — one
 *     poll completes a timeline whose webhooks were partly lost.
 *
 * Waybills unregistered from tracking are left alone. Oldest poll (never polled first), then quietest.
 */

export interface TrackCandidate {
  waybill: string;
  cpId: number;
}

export interface CandidateRules {
  quietMs: number;
  repollMs: number;
  confirmTerminal: boolean;
  limit: number;
}

export interface TrackPollRecord extends TrackCandidate {
  /** The answer showed a journey that ended. */
  terminal: boolean;
}

export interface TrackCandidateSource {
  due(rules: CandidateRules, nowMs: number): Promise<TrackCandidate[]>;
  recordPolls(polls: readonly TrackPollRecord[], nowMs: number): Promise<void>;
}

/** The candidates query over the projections' shipments and return pickups (their owner's read). */
const candidatesSql = (tables: Tables) => `
WITH known AS (
  ${trackableShipmentsSql(tables)}
  UNION ALL
  SELECT r.waybill, r.cp_id, false, r.registered_at
  FROM clickpost_registrations r
  WHERE r.state = 'registered'
),
merged AS (
  -- One row per shipment: the projected state wins over what registrations and returns imply.
  SELECT waybill, cp_id, bool_or(is_terminal) AS is_terminal, max(active_at) AS active_at
  FROM known
  GROUP BY waybill, cp_id
)
SELECT m.waybill, m.cp_id
FROM merged m
LEFT JOIN poller_track_polls p ON p.waybill = m.waybill AND p.cp_id = m.cp_id
WHERE NOT EXISTS (
    SELECT 1 FROM clickpost_registrations u
    WHERE u.waybill = m.waybill AND u.cp_id = m.cp_id AND u.state = 'unregistered'
  )
  AND (
    (NOT m.is_terminal
      AND (m.active_at IS NULL OR m.active_at <= $1::timestamptz - make_interval(secs => $2))
      AND (p.polled_at IS NULL OR p.polled_at <= $1::timestamptz - make_interval(secs => $3)))
    OR ($4 AND m.is_terminal AND p.polled_terminal IS NOT TRUE)
  )
ORDER BY p.polled_at NULLS FIRST, m.active_at NULLS FIRST, m.waybill, m.cp_id
LIMIT $5`;

export function pgTrackCandidateSource(
  pool: Pool,
  tables: Tables = tablesIn(LIVE_SCHEMA),
): TrackCandidateSource {
  const sql = candidatesSql(tables);
  return {
    async due(rules, nowMs) {
      const { rows } = await pool.query<{ waybill: string; cp_id: number }>(sql, [
        new Date(nowMs),
        rules.quietMs / 1000,
        rules.repollMs / 1000,
        rules.confirmTerminal,
        rules.limit,
      ]);
      return rows.map((row) => ({ waybill: row.waybill, cpId: row.cp_id }));
    },

    async recordPolls(polls, nowMs) {
      if (polls.length === 0) return;
      await pool.query(
        `INSERT INTO poller_track_polls (waybill, cp_id, polled_at, polled_terminal)
         SELECT * FROM unnest($1::text[], $2::int[], array_fill($3::timestamptz, ARRAY[$5::int]), $4::boolean[])
         ON CONFLICT (waybill, cp_id) DO UPDATE
           SET polled_at = excluded.polled_at,
               polled_terminal = poller_track_polls.polled_terminal OR excluded.polled_terminal`,
        [
          polls.map((poll) => poll.waybill),
          polls.map((poll) => poll.cpId),
          new Date(nowMs),
          polls.map((poll) => poll.terminal),
          polls.length,
        ],
      );
    },
  };
}
