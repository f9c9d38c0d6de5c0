import type { Ledger, LoadDelivery, Verdict } from '@shipfold/load-harness';
import type { LagSample } from './lag-probe';

/**
 * The chaos table: one row per fault (and one for steady load before any), computed from the ledger,
 * the lag samples and the verdict over the fault's window (from its start until it had recovered).
 */

export interface FaultRecord {
  name: string;
  detail: string;
  /** performance.now() instants. */
  startedAt: number;
  endedAt: number;
  /** Every instance ready and a delivery acknowledged after the end visible; null: not within the deadline. */
  recoveredAt: number | null;
}

export type FaultRow = {
  fault: string;
  detail: string;
  when: string;
  acked: number;
  'acked/s': number;
  '503s': number;
  /** Refused or reset connections and timeouts: no HTTP answer at all. */
  'no answer': number;
  lost: number;
  'applied twice': number;
  'worst lag (s)': string;
  'recovered in (s)': string;
};

const s = (ms: number) => (ms / 1000).toFixed(1);

export function faultRows(input: {
  runStartedAt: number;
  faults: readonly FaultRecord[];
  ledger: Ledger;
  deliveries: readonly LoadDelivery[];
  samples: readonly LagSample[];
  verdict: Verdict;
  endedAt: number;
}): FaultRow[] {
  const { runStartedAt, faults, ledger, deliveries, samples, verdict, endedAt } = input;
  const lost = new Set(verdict.lost);
  const twice = new Set(verdict.appliedTwice.map((entry) => entry.aggregate));
  return faults.map((fault) => {
    const to = fault.recoveredAt ?? fault.endedAt;
    const inWindow = (at: number) => at >= fault.startedAt && at <= to;
    const acked = [...ledger.acked].filter(([, ack]) => inWindow(ack.at)).map(([index]) => index);
    const answers = ledger.answerCounts(fault.startedAt, to);
    const noAnswer = Object.entries(answers)
      .filter(([status]) => !/^\d+$/.test(status))
      .reduce((sum, [, count]) => sum + count, 0);
    const lags = samples
      .filter((sample) => inWindow(sample.ackedAt))
      .map((sample) => (sample.visibleAt ?? endedAt) - sample.ackedAt);
    return {
      fault: fault.name,
      detail: fault.detail,
      when: `+${s(fault.startedAt - runStartedAt)} → +${s(fault.endedAt - runStartedAt)}`,
      acked: acked.length,
      'acked/s': Math.round(acked.length / Math.max(0.001, (to - fault.startedAt) / 1000)),
      '503s': answers['503'] ?? 0,
      'no answer': noAnswer,
      lost: acked.filter((index) => lost.has(index)).length,
      'applied twice': new Set(
        acked
          .map((index) => (deliveries[index] as LoadDelivery).aggregate)
          .filter((aggregate) => twice.has(aggregate)),
      ).size,
      'worst lag (s)': lags.length === 0 ? '-' : s(Math.max(...lags)),
      'recovered in (s)': fault.recoveredAt === null ? 'NOT RECOVERED' : s(fault.recoveredAt - fault.endedAt),
    };
  });
}

/** A plain text table, columns as wide as their widest cell. */
export function table(rows: readonly Record<string, unknown>[]): string {
  const first = rows[0];
  if (!first) return '(no rows)';
  const columns = Object.keys(first);
  const cells = [columns, ...rows.map((row) => columns.map((column) => String(row[column])))];
  const widths = columns.map((_, c) => Math.max(...cells.map((line) => (line[c] as string).length)));
  const line = (values: readonly string[]) =>
    `| ${values.map((value, c) => value.padEnd(widths[c] as number)).join(' | ')} |`;
  return [
    line(columns),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.slice(1).map(line),
  ].join('\n');
}
