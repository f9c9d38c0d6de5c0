import { type Static, Type } from '@sinclair/typebox';
import { ClickpostClient, DEFAULT_BASE_URL } from './client';
import type { AttemptReport } from './transport';

/** Configuration of a Clickpost client from environment variables, shared by the poller, the api and the cli. */

const SECOND = 1000;

/** The simulator's defaults (packages/clickpost-simulator/src/main.ts). */
export const SIMULATOR_API_KEY = 'dev-only-clickpost-api-key';
export const SIMULATOR_BASE_URL = 'http://127.0.0.1:8070/api';

/** What a Clickpost client needs; the api uses it too, for AWB registration. */
export const clickpostEnv = {
  CLICKPOST_API_KEY: Type.String({ default: '', description: 'Clickpost API key; empty: use the simulator' }),
  CLICKPOST_USERNAME: Type.String({ default: 'shipfold', minLength: 1 }),
  CLICKPOST_BASE_URL: Type.String({
    default: '',
    description: 'Clickpost API base URL; empty: Clickpost itself with a key, the local simulator without',
  }),
  CLICKPOST_DELTA_TIME_ZONE: Type.String({
    default: 'UTC',
    description: 'Zone of the delta API start_time / end_time',
  }),
  CLICKPOST_REQUESTS_PER_SECOND: Type.Integer({ default: 5, minimum: 1, maximum: 1000 }),
  CLICKPOST_TIMEOUT_MS: Type.Integer({ default: 10_000, minimum: 100, maximum: 120_000 }),
};
const ClickpostEnv = Type.Object(clickpostEnv);
export type ClickpostEnv = Static<typeof ClickpostEnv>;

/** Where the Clickpost client points: the configured URL, else Clickpost with a key, else the simulator. */
export function clickpostEndpoint(env: ClickpostEnv): { baseUrl: string; key: string; simulated: boolean } {
  const simulated = env.CLICKPOST_API_KEY === '';
  return {
    key: simulated ? SIMULATOR_API_KEY : env.CLICKPOST_API_KEY,
    baseUrl: env.CLICKPOST_BASE_URL || (simulated ? SIMULATOR_BASE_URL : DEFAULT_BASE_URL),
    simulated,
  };
}

/** A Clickpost client as configured: the simulator when no API key is set. */
export function clickpostClientFor(
  env: ClickpostEnv & { POLLER_TRACK_BATCH_SIZE?: number },
  onAttempt?: (report: AttemptReport) => void,
): ClickpostClient {
  const { baseUrl, key } = clickpostEndpoint(env);
  return new ClickpostClient({
    key,
    username: env.CLICKPOST_USERNAME,
    baseUrl,
    deltaTimeZone: env.CLICKPOST_DELTA_TIME_ZONE,
    timeoutMs: env.CLICKPOST_TIMEOUT_MS,
    rateLimit: { limit: env.CLICKPOST_REQUESTS_PER_SECOND, intervalMs: SECOND },
    ...(env.POLLER_TRACK_BATCH_SIZE ? { maxWaybillsPerRequest: env.POLLER_TRACK_BATCH_SIZE } : {}),
    ...(onAttempt ? { onAttempt } : {}),
  });
}
