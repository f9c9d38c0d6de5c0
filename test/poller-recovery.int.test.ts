import { ClickpostClient } from '@shipfold/clickpost';
import { ClickpostSimulator } from '@shipfold/clickpost-simulator';
import { createPool } from '@shipfold/db';
import { createIngress, loadIngressConfig } from '@shipfold/ingress';
import { differences, readStoredAggregates } from '@shipfold/load-harness';
import { createNormalizerService, loadNormalizerConfig } from '@shipfold/normalizer';
import { createPollerService, loadPollerConfig } from '@shipfold/poller';
import { createProjectorService, loadProjectorConfig } from '@shipfold/projector';
import { waitFor } from '@shipfold/test-support';
import { freshDatabase, freshTopics } from '@shipfold/test-support/integration';
import { createRegistrar } from '@shipfold/tracking-state';
import { afterAll, describe, expect, inject, it } from 'vitest';

/**
 * End to end, through the real Kafka, schema registry and PostgreSQL: the simulator drives the journeys
 * of many shipments and returns through webhooks to the ingress, with disorder, duplicates, bursts and
 * a share of dropped webhooks; the normalizer and projector fold what arrives; the poller recovers what
 * was dropped (returns delta API, track-order fallback). Every aggregate ends equal to the simulator's
 * ground truth.
 */

const CLICKPOST_KEY = 'recovery-test-api-key';
const WEBHOOK_KEY = 'recovery-test-webhook-key';

const stops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
});

describe('recovery end to end', () => {
  it('webhooks with disorder, duplicates and drops + the poller = the ground truth in PostgreSQL', async () => {
    const { prefix } = await freshTopics(3);
    const databaseUrl = await freshDatabase();
    const endpoints = inject('endpoints');
    const common = {
      KAFKA_BROKERS: endpoints.kafkaBrokers,
      SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
      DATABASE_URL: databaseUrl,
      TOPIC_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'error',
    };

    const ingress = createIngress(loadIngressConfig({ ...common, CLICKPOST_WEBHOOK_KEYS: WEBHOOK_KEY }));
    const ingressUrl = await ingress.start();
    stops.push(() => ingress.stop());
    await waitFor('the ingress connected to Kafka', () => ingress.isReady(), { timeoutMs: 60_000 });
    const normalizer = createNormalizerService(loadNormalizerConfig(common));
    await normalizer.start();
    stops.push(() => normalizer.stop());
    const projector = createProjectorService(loadProjectorConfig(common));
    await projector.start();
    stops.push(() => projector.stop());

    const simulator = new ClickpostSimulator({
      seed: 'recovery-e2e',
      key: CLICKPOST_KEY,
      world: { shipments: 80, returnRate: 0.5 },
      faults: {
        disorderRate: 0.3,
        maxDisplacement: 15,
        duplicateRate: 0.1,
        dropRate: 0.12,
        burstRate: 0.2,
        rvpReferenceRate: 0.5,
      },
      webhook: {
        targetUrl: `${ingressUrl}/v1/webhooks/clickpost`,
        webhookKey: WEBHOOK_KEY,
        retryBaseMs: 20,
        retryMaxMs: 500,
      },
    });
    const simulatorUrl = await simulator.listen();
    stops.push(() => simulator.close());

    // The merchant registers its forward waybills for tracking (as POST /v1/shipments does).
    const pool = createPool(databaseUrl, { max: 2 });
    stops.push(() => pool.end());
    const client = new ClickpostClient({ key: CLICKPOST_KEY, username: 'shipfold', baseUrl: simulatorUrl });
    const registrar = createRegistrar(pool, client);
    for (const shipment of simulator.state.world.shipments.filter((candidate) => !candidate.isRvp)) {
      await registrar.register({ waybill: shipment.waybill, cpId: shipment.cpId });
    }
    await client.close();

    const report = await simulator.sendAll();
    expect(report).toMatchObject({ failed: 0, delivered: simulator.plan.deliveries.length });
    expect(simulator.plan.dropped.length).toBeGreaterThan(20);

    const poller = createPollerService(
      loadPollerConfig({
        ...common,
        CLICKPOST_API_KEY: CLICKPOST_KEY,
        CLICKPOST_BASE_URL: simulatorUrl,
        CLICKPOST_REQUESTS_PER_SECOND: '100',
        POLLER_DELTA_INITIAL_LOOKBACK_MINUTES: String(5 * 24 * 60),
        POLLER_DELTA_SAFETY_LAG_SECONDS: '0',
        POLLER_TRACK_QUIET_MINUTES: '0',
        POLLER_TRACK_REPOLL_MINUTES: '10',
        POLLER_TRACK_INTERVAL_SECONDS: '1',
      }),
    );
    await poller.start();
    stops.push(() => poller.stop());

    const truth = simulator.truth();
    const deliveredFacts = new Set(simulator.plan.deliveries.map((delivery) => delivery.factId));
    const ndrUnknowable = new Set(
      simulator.plan.dropped
        .filter(
          (delivery) => delivery.payload.clickpost_status_code === 9 && !deliveredFacts.has(delivery.factId),
        )
        .map((delivery) => `${String(delivery.payload.cp_id)}:${String(delivery.payload.waybill)}`),
    );
    const pollerStartedAt = Date.now();
    let last: string[] = [];
    try {
      await waitFor(
        'every aggregate equal to the ground truth',
        async () => {
          const { shipments, returns } = await readStoredAggregates(pool);
          last = differences(truth, shipments, returns, { ndrUnknowable });
          return last.length === 0;
        },
        { timeoutMs: 180_000, intervalMs: 1000 },
      );
    } catch (error) {
      throw new Error(`${String(error)}\n${last.length} differences, e.g.:\n${last.slice(0, 20).join('\n')}`);
    }
    const { deliveries, dropped } = simulator.plan;
    process.stderr.write(
      `recovery: ${truth.shipments.length} shipments, ${truth.returns.length} returns; ` +
        `${deliveries.length} webhooks sent (${deliveries.filter((d) => d.duplicate).length} duplicates), ` +
        `${dropped.length} dropped; equal to the ground truth ${Date.now() - pollerStartedAt} ms after the poller started\n`,
    );
    expect(truth.shipments.length).toBeGreaterThan(80);
    expect(truth.returns.length).toBeGreaterThan(10);
  }, 300_000);
});
