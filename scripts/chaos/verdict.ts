import type { RawEnvelope } from '@shipfold/contracts';
import type { Pool } from '@shipfold/db';
import { differences, type Load, readStoredAggregates } from '@shipfold/load-harness';
import { waitFor } from '@shipfold/test-support';
import type { FaultRow } from './report';

/** The end of a chaos run: waiting for quiet, the returns split across partitions, what fails the run. */

/** Problems that fail the run: anything lost, applied twice, differing, or badly dead-lettered. */
/** What of a run's report decides whether it passed (a chaos report has it). */
export interface RunOutcome {
  verdict: Record<
    | 'lost'
    | 'notOnRawTopic'
    | 'appliedTwice'
    | 'truthDifferences'
    | 'foldDifferences'
    | 'unexpectedlyDeadLettered'
    | 'badNotDeadLettered'
    | 'goodRefused',
    number
  >;
  gaveUp: number;
  rows: readonly FaultRow[];
}

export function problemsOf(report: RunOutcome): string[] {
  const { verdict } = report;
  return [
    ...(verdict.lost > 0
      ? [`${verdict.lost} acknowledged deliveries lost (${verdict.notOnRawTopic} not on the raw topic)`]
      : []),
    ...(verdict.appliedTwice > 0 ? [`${verdict.appliedTwice} aggregates with something applied twice`] : []),
    ...(verdict.truthDifferences > 0
      ? [`${verdict.truthDifferences} differences from the ground truth`]
      : []),
    ...(verdict.foldDifferences > 0
      ? [`${verdict.foldDifferences} differences from the pure fold of the raw topic`]
      : []),
    ...(verdict.unexpectedlyDeadLettered > 0
      ? [`${verdict.unexpectedlyDeadLettered} good deliveries in the DLQ`]
      : []),
    ...(verdict.badNotDeadLettered > 0
      ? [`${verdict.badNotDeadLettered} bad deliveries not in the DLQ`]
      : []),
    ...(report.gaveUp > 0 ? [`${report.gaveUp} deliveries never acknowledged`] : []),
    ...report.rows
      .filter((row) => row['recovered in (s)'] === 'NOT RECOVERED')
      .map((row) => `did not recover from: ${row.fault}`),
  ];
}

/**
 * Clickpost returns whose records landed on different partitions of the raw topic: the placement
 * webhook, which has no reference yet, is keyed by its forward AWB; the same return's delta result and
 * Increff callback by its reference. Counted to show the run had them: their aggregates are in the
 * comparisons above, so they came out as one projector (the pure fold) makes them.
 */
export function splitReturns(records: readonly { partition: number; value: unknown }[], load: Load): number {
  const partitionsOf = new Map<string, Set<number>>();
  for (const { partition, value } of records) {
    const key = (value as RawEnvelope).partitionKey;
    const partitions = partitionsOf.get(key) ?? new Set<number>();
    partitions.add(partition);
    partitionsOf.set(key, partitions);
  }
  return load.truth.returns.filter((order) => {
    const byForward = partitionsOf.get(`forward-awb:${order.forwardAwb}`);
    const byReference = partitionsOf.get(`return:${order.returnReference}`);
    return byForward && byReference && [...byForward].some((partition) => !byReference.has(partition));
  }).length;
}

/** Until the stored aggregates equal the truth and stop changing (or 5 minutes): seconds it took. */
export async function waitForQuiet(pool: Pool, load: Load, log: (line: string) => void): Promise<number> {
  const since = performance.now();
  let last = '';
  let lastChange = performance.now();
  let lastDifferences = -1;
  await waitFor(
    'quiet: the aggregates equal the ground truth and unchanged for 10 s',
    async () => {
      const stored = await readStoredAggregates(pool).catch(() => null);
      if (stored === null) return false;
      const fingerprint = `${stored.shipments.length}/${stored.shipments.reduce((sum, s) => sum + s.scans.length, 0)}/${stored.returns.length}/${stored.deadLettered.length}`;
      if (fingerprint !== last) {
        last = fingerprint;
        lastChange = performance.now();
      }
      const count = differences(load.truth, stored.shipments, stored.returns, {
        ndrUnknowable: load.truth.ndrUnknowable,
      }).length;
      if (count !== lastDifferences) log(`  quiet? ${count} differences from the truth (${fingerprint})`);
      lastDifferences = count;
      return count === 0 && performance.now() - lastChange >= 10_000;
    },
    { timeoutMs: 300_000, intervalMs: 5000 },
  ).catch(() => log('  not quiet within 5 minutes: judging what is there'));
  return Math.round((performance.now() - since) / 1000);
}
