import { createApi, loadApiConfig } from '@shipfold/api';
import { createPool } from '@shipfold/db';
import { createIngress, loadIngressConfig } from '@shipfold/ingress';
import { createNormalizerService, loadNormalizerConfig } from '@shipfold/normalizer';
import { createProjectorService, loadProjectorConfig } from '@shipfold/projector';
import { freePort, readyz, waitFor } from '@shipfold/test-support';

/**
 * The whole webhook pipeline — ingress, normalizer, projector, api — in this process, each service on
 * a port of its own that it keeps across restarts, for the fault tests: they restart one service at a
 * time and ask whether all are ready.
 */

export const SERVICES = ['ingress', 'normalizer', 'projector', 'api'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface PipelineOptions {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  databaseUrl: string;
  topicPrefix: string;
  clickpostWebhookKey: string;
  /** Further environment for every service (tuning under test). */
  env?: Record<string, string>;
}

export interface Pipeline {
  ports: Record<ServiceName, number>;
  /** Every service answers 200 on /readyz. */
  allReady(): Promise<boolean>;
  /** Stops one service gracefully and starts it again on its port. */
  restart(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

type Stop = () => Promise<void>;

export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const ports = Object.fromEntries(
    await Promise.all(SERVICES.map(async (name) => [name, await freePort()] as const)),
  ) as Record<ServiceName, number>;
  const env = (name: ServiceName) => ({
    KAFKA_BROKERS: options.kafkaBrokers,
    SCHEMA_REGISTRY_URL: options.schemaRegistryUrl,
    DATABASE_URL: options.databaseUrl,
    TOPIC_PREFIX: options.topicPrefix,
    PORT: String(ports[name]),
    LOG_LEVEL: 'silent',
    CLICKPOST_WEBHOOK_KEYS: options.clickpostWebhookKey,
    ...options.env,
  });
  // The consumers are started without waiting: their start returns once they joined a group, which is
  // what the fault tests wait for through /readyz.
  const run = async (
    service: { start(): Promise<unknown>; stop(): Promise<void> },
    { awaitStart }: { awaitStart: boolean },
  ): Promise<Stop> => {
    if (awaitStart) await service.start();
    else void service.start();
    return () => service.stop();
  };
  const start: Record<ServiceName, () => Promise<Stop>> = {
    ingress: () => run(createIngress(loadIngressConfig(env('ingress'))), { awaitStart: true }),
    normalizer: () =>
      run(createNormalizerService(loadNormalizerConfig(env('normalizer'))), { awaitStart: false }),
    projector: () =>
      run(createProjectorService(loadProjectorConfig(env('projector'))), { awaitStart: false }),
    api: () => run(createApi(loadApiConfig(env('api'))), { awaitStart: true }),
  };
  const running = new Map<ServiceName, Stop>();
  for (const name of SERVICES) running.set(name, await start[name]());
  return {
    ports,
    allReady: async () =>
      (await Promise.all(SERVICES.map((name) => readyz(ports[name])))).every((status) => status === 200),
    async restart(name) {
      await running.get(name)?.();
      running.set(name, await start[name]());
    },
    async stop() {
      for (const stop of running.values()) await stop();
      running.clear();
    },
  };
}

export interface Outcome {
  /** Acknowledged deliveries whose shipment is not in the read model. */
  lost: number;
  /** Waybills with more than one scan: each was sent with one scan, so a second is a delivery applied twice. */
  appliedTwice: number;
  deadLettered: number;
}

/** Waits until every acknowledged waybill is in the read model (or the deadline), then counts what came out. */
export async function outcomeOf(
  databaseUrl: string,
  acked: ReadonlySet<string>,
  timeoutMs = 120_000,
): Promise<Outcome> {
  const pool = createPool(databaseUrl, { max: 1 });
  try {
    const count = async (): Promise<Outcome> => {
      const scans = new Map(
        (
          await pool.query<{ waybill: string; scans: number }>(
            'SELECT waybill, count(*)::int AS scans FROM shipment_scans GROUP BY waybill',
          )
        ).rows.map((row) => [row.waybill, row.scans]),
      );
      const deadLettered = (await pool.query('SELECT 1 FROM dlq_records')).rowCount ?? 0;
      return {
        lost: [...acked].filter((waybill) => !scans.has(waybill)).length,
        appliedTwice: [...scans.values()].filter((n) => n > 1).length,
        deadLettered,
      };
    };
    await waitFor('every acknowledged delivery projected', async () => (await count()).lost === 0, {
      timeoutMs,
    }).catch(() => undefined); // the counts below say what is missing
    return await count();
  } finally {
    await pool.end();
  }
}

/** Figures a fault test prints at its end: how long steps took, and the sender's answers so far. */
export function faultFigures(answers: ReadonlyMap<number | string, number>) {
  const figures: Record<string, unknown> = {};
  return {
    figures,
    async timed(name: string, step: () => Promise<unknown>) {
      const since = performance.now();
      await step();
      figures[name] = `${((performance.now() - since) / 1000).toFixed(1)} s`;
    },
    /** Notes the answers up to now under a name (a copy: later answers do not change it). */
    answersAt(name: string) {
      const now = Object.fromEntries(answers);
      figures[name] = now;
      return now;
    },
  };
}
