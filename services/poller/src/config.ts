import { clickpostEnv } from '@shipfold/clickpost';
import { databaseEnv, httpEnv, kafkaEnv, loadConfig, logEnv, registryEnv } from '@shipfold/config';
import { type Static, Type } from '@sinclair/typebox';

/**
 * The poller's environment. Without CLICKPOST_API_KEY it talks to the local simulator (the simulator's
 * default key and address), so `npm start` works with no Clickpost account.
 */
const Seconds = (fallback: number, minimum: number, maximum: number, description: string) =>
  Type.Integer({ default: fallback, minimum, maximum, description });

export const PollerEnv = Type.Object({
  ...kafkaEnv,
  ...registryEnv,
  ...databaseEnv,
  ...logEnv,
  ...httpEnv(8085),
  ...clickpostEnv,
  POLLER_DELTA_INTERVAL_SECONDS: Seconds(60, 1, 3600, 'Pause between delta polls once caught up'),
  POLLER_DELTA_SAFETY_LAG_SECONDS: Seconds(120, 0, 3600, 'Windows end this long before now'),
  POLLER_DELTA_OVERLAP_SECONDS: Seconds(300, 0, 1800, 'Each window starts this long before the checkpoint'),
  POLLER_DELTA_INITIAL_LOOKBACK_MINUTES: Seconds(
    60,
    0,
    60 * 24 * 31,
    'Start this far back without a checkpoint',
  ),
  POLLER_TRACK_INTERVAL_SECONDS: Seconds(300, 1, 86_400, 'Pause between track-order fallback cycles'),
  POLLER_TRACK_QUIET_MINUTES: Seconds(360, 0, 60 * 24 * 30, 'A shipment this long without a scan is polled'),
  POLLER_TRACK_REPOLL_MINUTES: Seconds(
    60,
    0,
    60 * 24 * 30,
    'Shortest time between two polls of one shipment',
  ),
  POLLER_TRACK_CONFIRM_TERMINAL: Type.Boolean({
    default: true,
    description: 'Poll a shipment once more after its journey ended, to complete its timeline',
  }),
  POLLER_TRACK_BATCH_SIZE: Type.Integer({ default: 50, minimum: 1, maximum: 50 }),
  POLLER_TRACK_MAX_PER_CYCLE: Type.Integer({ default: 1000, minimum: 1, maximum: 100_000 }),
});
export type PollerEnv = Static<typeof PollerEnv>;

export const loadPollerConfig = (source: Record<string, string | undefined> = process.env): PollerEnv =>
  loadConfig(PollerEnv, source);
