import { setTimeout as hold } from 'node:timers/promises';
import { Prng } from '@shipfold/clickpost-simulator';
import type { DlqRecord, RawEnvelope } from '@shipfold/contracts';
import { createPool } from '@shipfold/db';
import { privatePostgresUrl } from '@shipfold/devstack';
import {
  createLoad,
  foldRaw,
  judge,
  LoadSender,
  loadFigures,
  readStoredAggregates,
  readStoredEventIds,
} from '@shipfold/load-harness';
import { waitFor } from '@shipfold/test-support';
import type { Fault } from './faults';
import type { ServiceKind } from './fleet';
import { startLagProbe } from './lag-probe';
import { type FaultRecord, faultRows } from './report';
import { CLICKPOST_ZONE, CREDENTIALS, prepareRun, type Target } from './run-environment';
import { readTopic } from './topic-reader';
import { splitReturns, waitForQuiet } from './verdict';

/**
 * One chaos run: the whole pipeline as processes (several instances of each service) on the local
 * stack, under sustained load from all three vendors, through every fault in FAULTS; then, once quiet,
 * the verdict against ground truth and against a pure fold of the raw topic. 127.0.0.1 only; every
 * wait has a deadline, so the run ends by itself.
 */

export interface ChaosOptions {
  target: Target;
  /** Deliveries offered per second. */
  rate: number;
  /** Instances of ingress, normalizer and projector each. */
  instances: number;
  /** How long each fault is held, in seconds. */
  holdSeconds: number;
  warmupSeconds: number;
  faults: readonly Fault[];
  seed: string;
  /** Where instance logs go (it exists). */
  runDir: string;
  log: (line: string) => void;
}

/** Forward shipments that make about `deliveries` deliveries (returns, Redo and Increff included). */
function shipmentsFor(deliveries: number, seed: string): number {
  const sample = 400;
  const probe = createLoad(loadOptions(seed, sample));
  return Math.max(50, Math.ceil((deliveries / probe.deliveries.length) * sample));
}

function loadOptions(seed: string, shipments: number) {
  return {
    seed,
    clickpostApiKey: CLICKPOST_API_KEY,
    shipments,
    returnRate: 0.4,
    redoReturns: Math.ceil(shipments / 8),
    faults: {
      disorderRate: 0.3,
      maxDisplacement: 200,
      duplicateRate: 0.08,
      dropRate: 0.01,
      burstRate: 0.2,
      rvpReferenceRate: 0.5,
    },
    badRate: 0.002,
    // The present: the poller's delta windows look back from the real clock.
    now: Math.floor(Date.now() / 1000) * 1000,
  };
}

const CLICKPOST_API_KEY = 'chaos-clickpost-api-key';

export async function runChaos(options: ChaosOptions) {
  const { log, target } = options;
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    // Enough load to last through every fault (a broker restart on a busy machine takes half a minute);
    // what is left after the last one is sent as fast as the pipeline takes it.
    const planned = options.warmupSeconds + options.faults.length * (options.holdSeconds * 2 + 40) + 60;
    const shipments = shipmentsFor(options.rate * planned, options.seed);
    const load = createLoad(loadOptions(options.seed, shipments));
    const figures = loadFigures(load);
    log(`load: ${JSON.stringify(figures)}`);
    const simulatorUrl = await load.simulator.listen();
    cleanups.push(() => load.simulator.close());

    const counts: Record<ServiceKind, number> = {
      ingress: options.instances,
      normalizer: options.instances,
      projector: options.instances,
      poller: 1,
    };
    const run = await prepareRun(target, {
      phase: 'faults',
      counts,
      logDir: options.runDir,
      env: {
        CLICKPOST_API_KEY,
        CLICKPOST_BASE_URL: simulatorUrl,
        CLICKPOST_REQUESTS_PER_SECOND: '50',
        POLLER_DELTA_INITIAL_LOOKBACK_MINUTES: String(30 * 24 * 60),
        POLLER_DELTA_SAFETY_LAG_SECONDS: '0',
        POLLER_DELTA_INTERVAL_SECONDS: '5',
        POLLER_TRACK_QUIET_MINUTES: '0',
        POLLER_TRACK_REPOLL_MINUTES: '30',
        POLLER_TRACK_INTERVAL_SECONDS: '2',
      },
    });
    cleanups.push(() => run.cleanup());
    const { fleet, names, databaseUrl, databaseName } = run;
    log(`fleet ready: ${fleet.instances.map((instance) => `${instance.name}:${instance.port}`).join(' ')}`);

    const pool = createPool(databaseUrl, { max: 2 });
    cleanups.push(() => pool.end());
    const admin = createPool(privatePostgresUrl('postgres'), { max: 1 });
    cleanups.push(() => admin.end());

    const sender = new LoadSender({
      targets: fleet.instances
        .filter((instance) => instance.kind === 'ingress')
        .map((instance) => `http://127.0.0.1:${instance.port}`),
      credentials: CREDENTIALS,
      ratePerSecond: options.rate,
      concurrency: 256,
      timeoutMs: 30_000,
      retryBaseMs: 200,
      retryMaxMs: 5000,
    });
    cleanups.push(() => sender.close());
    const runStartedAt = performance.now();
    const sending = sender.send(load.deliveries);
    const probe = startLagProbe({
      pool,
      deliveries: load.deliveries,
      ledger: sender.ledger,
      clickpostZone: CLICKPOST_ZONE,
    });
    cleanups.push(() => probe.stop());

    const records: FaultRecord[] = [];
    // Recovered: every instance ready, and a delivery acknowledged after the fault ended is visible.
    const recovered = async (since: number) =>
      waitFor(
        'recovery',
        async () =>
          (await fleet.allReady()) &&
          // With no load left to probe with, being ready is all there is to see.
          (probe.visibleSince(since) !== undefined || sender.ledger.started === load.deliveries.length) &&
          performance.now(),
        { timeoutMs: 180_000, intervalMs: 200 },
      ).catch(() => null);
    // Steady load first: the row to compare the faults with.
    const steadyAt = performance.now();
    await hold(options.warmupSeconds * 1000);
    records.push({
      name: 'steady load (no fault)',
      detail: '',
      startedAt: steadyAt,
      endedAt: performance.now(),
      recoveredAt: performance.now(),
    });
    const context = {
      fleet,
      admin,
      databaseName,
      brokers: target.brokers,
      holdSeconds: options.holdSeconds,
      random: (() => {
        const prng = new Prng(options.seed).fork('chaos');
        return () => prng.next();
      })(),
    };
    for (const fault of options.faults) {
      const startedAt = performance.now();
      log(`fault: ${fault.name}`);
      const detail = await fault.run(context);
      const endedAt = performance.now();
      const recoveredAt = await recovered(endedAt);
      records.push({ name: fault.name, detail, startedAt, endedAt, recoveredAt });
      log(
        `  healed; recovered ${recoveredAt === null ? 'NOT within 180 s' : `after ${((recoveredAt - endedAt) / 1000).toFixed(1)} s`}`,
      );
      await hold(3000); // a little steady load between faults, so their windows do not touch
    }

    log('faults done; sending the rest of the load as fast as it is taken');
    sender.unpace();
    const remainingMs = ((load.deliveries.length - sender.ledger.started) / options.rate) * 1000 + 180_000;
    const finished = await Promise.race([sending.then(() => true), hold(remainingMs).then(() => false)]);
    if (!finished) sender.giveUp();
    await sending;
    await probe.stop();
    const sendSeconds = (sender.ledger.finishedAt - runStartedAt) / 1000;
    log(
      `sent: ${sender.ledger.acked.size} acknowledged of ${load.deliveries.length} in ${sendSeconds.toFixed(0)} s`,
    );

    const quiet = await waitForQuiet(pool, load, log);
    const [rawRecords, stored, storedEventIds] = await Promise.all([
      readTopic({
        brokers: target.kafkaBrokers,
        schemaRegistryUrl: target.schemaRegistryUrl,
        names,
        topic: names.raw,
      }),
      readStoredAggregates(pool),
      readStoredEventIds(pool),
    ]);
    const envelopes = rawRecords.map((record) => record.value as RawEnvelope);
    const verdict = judge({
      truth: load.truth,
      deliveries: load.deliveries,
      ledger: sender.ledger,
      stored,
      storedEventIds,
      folded: foldRaw(envelopes, CLICKPOST_ZONE),
      raw: {
        deliveryIds: new Set(envelopes.map((envelope) => envelope.deliveryId)),
        bodySha256: new Set(envelopes.map((envelope) => envelope.contentSha256)),
      },
      clickpostZone: CLICKPOST_ZONE,
    });
    const dlq = (
      await readTopic({
        brokers: target.kafkaBrokers,
        schemaRegistryUrl: target.schemaRegistryUrl,
        names,
        topic: names.dlq,
      })
    ).map((record) => record.value as DlqRecord);
    const rows = faultRows({
      runStartedAt,
      faults: records,
      ledger: sender.ledger,
      deliveries: load.deliveries,
      samples: probe.samples,
      verdict,
      endedAt: performance.now(),
    });
    const acked = sender.ledger.acked.size;
    return {
      brokers: target.replication,
      instances: counts,
      load: figures,
      offeredRate: options.rate,
      heldRate: Math.round(acked / ((sender.ledger.lastAckAt - runStartedAt) / 1000)),
      refused: sender.ledger.refused.size,
      acked,
      gaveUp: sender.ledger.gaveUp,
      answers: sender.ledger.answerCounts(),
      quietAfterSeconds: quiet,
      rawRecords: envelopes.length,
      dlqRecords: dlq.length,
      rows,
      verdict: {
        truthDifferences: verdict.truthDifferences.length,
        foldDifferences: verdict.foldDifferences.length,
        lost: verdict.lost.length,
        notOnRawTopic: verdict.notOnRawTopic.length,
        appliedTwice: verdict.appliedTwice.length,
        unexpectedlyDeadLettered: verdict.unexpectedlyDeadLettered.length,
        badNotDeadLettered: verdict.badNotDeadLettered.length,
        goodRefused: verdict.goodRefused.length,
        splitReturns: splitReturns(rawRecords, load),
      },
      examples: {
        truth: verdict.truthDifferences.slice(0, 10),
        fold: verdict.foldDifferences.slice(0, 10),
        appliedTwice: verdict.appliedTwice.slice(0, 10),
        unexpectedlyDeadLettered: dlq
          .filter((record) => verdict.unexpectedlyDeadLettered.includes(record.deliveryId))
          .slice(0, 5)
          .map((record) => `${record.reason}: ${record.detail}`),
      },
      unexpectedExits: Object.fromEntries(fleet.unexpectedExits),
    };
  } finally {
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: Error) => log(`cleanup: ${error.message}`));
    await target.stop();
  }
}

export type ChaosReport = Awaited<ReturnType<typeof runChaos>>;
