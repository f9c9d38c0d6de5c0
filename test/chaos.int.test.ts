import { mkdirSync } from 'node:fs';
import { stopComponent } from '@shipfold/devstack';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runChaos } from '../scripts/chaos/chaos';
import { FAULTS } from '../scripts/chaos/faults';
import { hostileProblems, runHostilePhase } from '../scripts/chaos/hostile';
import { bringUp, type Target } from '../scripts/chaos/run-environment';
import { problemsOf } from '../scripts/chaos/verdict';

/**
 * The short form of `npm run chaos`, so a regression fails the suite: all three vendors through two
 * instances each of ingress, normalizer and projector (and the poller), while a broker is killed,
 * PostgreSQL's connections are terminated and the server restarted, and consumers are killed; then
 * hostile input through the live ingress and normalizer. The registry outage and the rolling restart
 * are in dependency-faults.int.test.ts; the full run is `npm run chaos`.
 */

const SHORT_FAULTS = ['broker kill', 'connections terminated', 'PostgreSQL restarted', 'consumer kill'];
let target: Target | undefined;
const runDir = `.chaos/test-${Date.now().toString(36)}`;

afterAll(async () => {
  await target?.stop();
  await stopComponent('private-postgres'); // started by bringUp, as postgres-faults.int.test.ts does
});

describe('the chaos run, short form', () => {
  it('loses nothing, applies nothing twice, and every aggregate equals the truth and the fold of the raw topic', async () => {
    if (inject('endpoints').kind !== 'local-stack') {
      throw new Error('the chaos run kills the broker and restarts PostgreSQL: it needs the local stack');
    }
    mkdirSync(runDir, { recursive: true });
    target = await bringUp(1);
    const faults = FAULTS.filter((fault) => SHORT_FAULTS.some((word) => fault.name.includes(word)));
    expect(faults).toHaveLength(SHORT_FAULTS.length);
    const report = await runChaos({
      target,
      rate: 150,
      instances: 2,
      holdSeconds: 3,
      warmupSeconds: 5,
      faults,
      seed: 'chaos-short',
      runDir,
      log: (line) => console.info(`[chaos] ${line}`),
    });
    console.info(JSON.stringify({ ...report, examples: undefined }, null, 1));
    expect(problemsOf(report), JSON.stringify(report.examples, null, 2)).toEqual([]);
    // Every fault was done under load, and the run had returns split across partitions.
    for (const row of report.rows) expect(row.acked, row.fault).toBeGreaterThan(0);
    expect(report.verdict.splitReturns).toBeGreaterThan(0);
    expect(report.load.byVendor.redo).toBeGreaterThan(0);
    expect(report.load.byVendor.increff).toBeGreaterThan(0);
  }, 400_000);

  it('answers every hostile payload with a reason, ends no process, and lands every valid delivery', async () => {
    target ??= await bringUp(1);
    const report = await runHostilePhase(target, {
      count: 3000,
      counts: { ingress: 1, normalizer: 1, projector: 1, poller: 0 },
      logDir: runDir,
      log: (line) => console.info(`[hostile] ${line}`),
    });
    console.info(JSON.stringify(report.byKind, null, 1));
    expect(hostileProblems(report)).toEqual([]);
    expect(report.answered).toBe(3000);
    expect(report.validSent).toBeGreaterThan(100);
  }, 300_000);
});
