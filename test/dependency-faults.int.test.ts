import { dropDatabase } from '@shipfold/db';
import { killComponent, startComponent, stopComponent } from '@shipfold/devstack';
import { retryingSender, waitFor } from '@shipfold/test-support';
import { freshDatabase, freshTopics } from '@shipfold/test-support/integration';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { faultFigures, outcomeOf, SERVICES, startPipeline } from './pipeline';

/**
 * The whole pipeline under a sender that keeps sending, as Clickpost does (a 503 or a refused
 * connection is retried): Kafka killed with kill -9 and restarted, the schema registry stopped and
 * started, and a rolling restart (SIGTERM-like stop, then start) of every service. No process ends,
 * every service is ready again without help, and every delivery the ingress acknowledged reaches the
 * read model. The faults are done to the local stack's own Kafka and registry.
 */

const KEY = 'dependency-faults-key';
const stops: (() => Promise<unknown>)[] = [];
const down = new Set<'kafka' | 'registry'>();
const databases: string[] = [];

afterAll(async () => {
  for (const name of down) await startComponent(name); // never leave the shared stack down
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await Promise.all(databases.map((url) => dropDatabase(url).catch(() => undefined)));
});

describe('Kafka and the registry away, and a rolling restart', () => {
  it('loses no acknowledged delivery and ends no process', async () => {
    if (inject('endpoints').kind !== 'local-stack') {
      throw new Error('this test kills and restarts Kafka and the registry: it needs the local stack');
    }
    const { prefix } = await freshTopics(3);
    const databaseUrl = await freshDatabase();
    databases.push(databaseUrl);
    const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
    const pipeline = await startPipeline({
      kafkaBrokers,
      schemaRegistryUrl,
      databaseUrl,
      topicPrefix: prefix,
      clickpostWebhookKey: KEY,
      // With the single broker down, a 503 comes after this wait: short, to keep the test short.
      env: { INGRESS_ACK_TIMEOUT_MS: '2000', INGRESS_RETRY_AFTER_SECONDS: '1' },
    });
    stops.push(() => pipeline.stop());
    const { allReady } = pipeline;
    await waitFor('every service ready', allReady, { timeoutMs: 60_000 });

    const traffic = retryingSender(pipeline.ports.ingress, KEY);
    const sentBy = async (count: number) =>
      waitFor(`${count} deliveries acknowledged`, () => traffic.acked.size >= count);
    const { figures, timed, answersAt } = faultFigures(traffic.answers);

    // 1. Kafka killed, down for a few seconds, started again.
    await sentBy(50);
    await killComponent('kafka');
    down.add('kafka');
    await waitFor('the ingress to answer 503', () => (traffic.answers.get(503) ?? 0) > 0, {
      timeoutMs: 30_000,
    });
    await startComponent('kafka');
    down.delete('kafka');
    await timed('ready after Kafka returned', () =>
      waitFor('every service ready after Kafka returned', allReady, { timeoutMs: 120_000 }),
    );
    answersAt('answers up to Kafka back');
    const afterKafka = traffic.acked.size;

    // 2. The registry stopped, then started: the services keep their schema ids and carry on.
    await stopComponent('registry');
    down.add('registry');
    await sentBy(afterKafka + 50);
    await startComponent('registry');
    down.delete('registry');
    answersAt('answers up to the registry back');

    // 3. A rolling restart: each service stops gracefully and starts again while the others run.
    for (const name of SERVICES) {
      await pipeline.restart(name);
      await timed(`ready after restarting the ${name}`, () =>
        waitFor(`every service ready after restarting the ${name}`, allReady, { timeoutMs: 60_000 }),
      );
    }
    await sentBy(traffic.acked.size + 50);
    await traffic.stop();

    // Every acknowledged delivery is in the read model once, and nothing was dead-lettered.
    expect(await outcomeOf(databaseUrl, traffic.acked)).toEqual({
      lost: 0,
      appliedTwice: 0,
      deadLettered: 0,
    });
    expect(traffic.acked.size).toBeGreaterThan(150);
    // Only 200s and the documented refusals while something was away: 503, and connections refused,
    // reset or closed (UND_ERR_SOCKET: a stopping ingress closes its idle keep-alive connections, and a
    // request sent on one at that moment is never read). A sender retries all of them.
    const refusals = [503, 'ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'];
    expect(
      [...traffic.answers.keys()].filter((status) => status !== 200 && !refusals.includes(status)),
    ).toEqual([]);
    expect(await allReady()).toBe(true);
    answersAt('answers in all');
    console.info('single broker:', figures);
  }, 300_000);
});
