import { httpEnv, loadConfig, logEnv } from '@shipfold/config';
import { Type } from '@sinclair/typebox';
import { ClickpostSimulator } from './simulator';

/**
 * `tsx packages/clickpost-simulator/src/main.ts`: a local Clickpost whose journeys unfold in compressed
 * real time from the moment it starts, pushing webhooks to the ingress and answering the poller.
 */

const Rate = (fallback: number, description: string) =>
  Type.Number({ default: fallback, minimum: 0, maximum: 1, description });
const Seconds = (fallback: number, description: string) =>
  Type.Integer({ default: fallback, minimum: 0, maximum: 7 * 24 * 3600, description });

const SimulatorEnv = Type.Object({
  ...httpEnv(8070),
  ...logEnv,
  SIMULATOR_SEED: Type.String({
    default: 'shipfold',
    description: 'Same seed, same journeys and same faults',
  }),
  SIMULATOR_API_KEY: Type.String({ default: 'dev-only-clickpost-api-key', minLength: 1 }),
  SIMULATOR_USERNAME: Type.String({ default: 'shipfold', minLength: 1 }),
  SIMULATOR_SHIPMENTS: Type.Integer({ default: 20, minimum: 0, maximum: 100_000 }),
  SIMULATOR_RETURN_RATE: Rate(0.3, 'Share of delivered shipments that get a return request'),
  SIMULATOR_SPREAD_SECONDS: Seconds(300, 'Journeys start within this many seconds of the start'),
  SIMULATOR_SCAN_GAP_MIN_SECONDS: Seconds(5, 'Shortest gap between two scans of a journey'),
  SIMULATOR_SCAN_GAP_MAX_SECONDS: Seconds(90, 'Longest gap between two scans of a journey'),
  SIMULATOR_RETURN_DELAY_SECONDS: Seconds(60, 'Longest time from delivery to a return request'),
  SIMULATOR_WEBHOOK_URL: Type.String({
    default: 'http://127.0.0.1:8080/v1/webhooks/clickpost',
    pattern: '^https?://',
  }),
  SIMULATOR_WEBHOOK_KEY: Type.String({ default: 'dev-only-clickpost-webhook-key', minLength: 1 }),
  SIMULATOR_DROP_RATE: Rate(0.05, 'Share of webhooks never sent'),
  SIMULATOR_DUPLICATE_RATE: Rate(0.05, 'Share of webhooks sent more than once'),
  SIMULATOR_DISORDER_RATE: Rate(0.2, 'Share of webhooks sent out of order'),
  SIMULATOR_BURST_RATE: Rate(0.1, 'Share of scans that start a burst'),
});

const env = loadConfig(SimulatorEnv);
const second = 1000;
const start = Date.now();
const simulator = new ClickpostSimulator({
  seed: env.SIMULATOR_SEED,
  key: env.SIMULATOR_API_KEY,
  username: env.SIMULATOR_USERNAME,
  logLevel: env.LOG_LEVEL,
  world: {
    shipments: env.SIMULATOR_SHIPMENTS,
    returnRate: env.SIMULATOR_RETURN_RATE,
    startAt: start,
    spreadMs: env.SIMULATOR_SPREAD_SECONDS * second,
    scanGapMs: {
      minMs: env.SIMULATOR_SCAN_GAP_MIN_SECONDS * second,
      maxMs: env.SIMULATOR_SCAN_GAP_MAX_SECONDS * second,
    },
    returnDelayMs: { minMs: second, maxMs: env.SIMULATOR_RETURN_DELAY_SECONDS * second },
    awbDelayMs: { minMs: second, maxMs: env.SIMULATOR_RETURN_DELAY_SECONDS * second },
    // Let every journey finish: nothing is cut off by "the present" in live mode.
    until: start + 30 * 24 * 3600 * second,
  },
  faults: {
    dropRate: env.SIMULATOR_DROP_RATE,
    duplicateRate: env.SIMULATOR_DUPLICATE_RATE,
    disorderRate: env.SIMULATOR_DISORDER_RATE,
    maxDisplacement: 5,
    burstRate: env.SIMULATOR_BURST_RATE,
    rvpReferenceRate: 0.5,
  },
  webhook: { targetUrl: env.SIMULATOR_WEBHOOK_URL, webhookKey: env.SIMULATOR_WEBHOOK_KEY },
});

const baseUrl = await simulator.listen(env.HOST, env.PORT);
simulator.app.log.info(
  {
    baseUrl,
    shipments: simulator.state.world.shipments.length,
    returns: simulator.state.world.returns.length,
  },
  'clickpost simulator listening; CLICKPOST_BASE_URL for the poller',
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await simulator.close();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

const report = await simulator.sendLive();
simulator.app.log.info(
  { delivered: report.delivered, failed: report.failed, attempts: report.attempts },
  'all planned webhooks sent',
);
