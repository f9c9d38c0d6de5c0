import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ChaosReport, runChaos } from './chaos';
import { FAULTS } from './faults';
import { hostileProblems, runHostilePhase } from './hostile';
import { table } from './report';
import { bringUp } from './run-environment';
import { problemsOf } from './verdict';

const USAGE = `npm run chaos -- [options]: the chaos run on the local stack (docs/chaos.md)
  --brokers 1|3      the single broker (default) or the three-node cluster
  --rate N           deliveries offered per second (default 500)
  --instances N      instances of ingress, normalizer and projector each (default 2)
  --hold S           seconds each fault is held (default 10)
  --warmup S         seconds of steady load before the first fault (default 20)
  --faults a,b       only the faults whose names contain these words
  --seed TEXT        the load's seed (default chaos)
  --hostile N        hostile payloads sent after the faults (default 100000; 0: none)
  --phases LIST      faults,hostile (default both)
  --report FILE      also write the report as JSON
Exit code 0 only when nothing acknowledged was lost, nothing was applied twice, every aggregate equals
both the ground truth and the pure fold of the raw topic, the DLQ holds exactly the bad deliveries sent
on purpose, and every hostile payload was answered with a reason.`;

const parsed = (() => {
  try {
    return parseArgs({
      options: {
        brokers: { type: 'string', default: '1' },
        rate: { type: 'string', default: '500' },
        instances: { type: 'string', default: '2' },
        hold: { type: 'string', default: '10' },
        warmup: { type: 'string', default: '20' },
        faults: { type: 'string' },
        seed: { type: 'string', default: 'chaos' },
        hostile: { type: 'string', default: '100000' },
        phases: { type: 'string', default: 'faults,hostile' },
        report: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
})();
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const number = (name: string, text: string | undefined, min: number, max: number) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`--${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
    process.exit(2);
  }
  return value;
};
const brokers = number('brokers', values.brokers, 1, 3);
if (brokers === 2) {
  console.error('--brokers must be 1 or 3');
  process.exit(2);
}
const words = values.faults?.split(',').map((word) => word.trim().toLowerCase()) ?? [];
const faults = FAULTS.filter(
  (fault) => words.length === 0 || words.some((word) => fault.name.toLowerCase().includes(word)),
);
if (words.length > 0 && faults.length === 0) {
  console.error(
    `--faults ${values.faults}: no fault's name contains these words; the faults are:\n${FAULTS.map((fault) => `  ${fault.name}`).join('\n')}`,
  );
  process.exit(2);
}
const startedAt = performance.now();
const log = (line: string) =>
  console.error(`[chaos +${((performance.now() - startedAt) / 1000).toFixed(0)}s] ${line}`);

const phases = new Set(values.phases?.split(',').map((phase) => phase.trim()));
const hostileCount = number('hostile', values.hostile, 0, 10_000_000);
const runDir = `.chaos/${new Date().toISOString().replace(/[:.]/g, '-')}`;
mkdirSync(runDir, { recursive: true });
const target = await bringUp(brokers as 1 | 3);
const problems: string[] = [];
const saved: Record<string, unknown> = {};
try {
  if (phases.has('faults')) {
    const report: ChaosReport = await runChaos({
      target,
      rate: number('rate', values.rate, 1, 100_000),
      instances: number('instances', values.instances, 1, 8),
      holdSeconds: number('hold', values.hold, 1, 300),
      warmupSeconds: number('warmup', values.warmup, 1, 600),
      faults,
      seed: values.seed,
      runDir,
      log,
    });
    saved.faults = report;
    problems.push(...problemsOf(report));
    console.log(`\nchaos on ${report.brokers} broker(s), instances ${JSON.stringify(report.instances)}`);
    console.log(`load: ${JSON.stringify(report.load)}`);
    console.log(
      `rate offered ${report.offeredRate}/s, held ${report.heldRate}/s; ${report.acked} acknowledged, ${report.refused} refused (bad on purpose); answers ${JSON.stringify(report.answers)}`,
    );
    console.log(
      `quiet after ${report.quietAfterSeconds} s; raw topic ${report.rawRecords} records, DLQ ${report.dlqRecords}`,
    );
    console.log(`verdict: ${JSON.stringify(report.verdict)}`);
    console.log(`unexpected exits: ${JSON.stringify(report.unexpectedExits)}\n`);
    console.log(table(report.rows));
    if (problemsOf(report).length > 0) console.log(JSON.stringify(report.examples, null, 2));
  }
  if (phases.has('hostile') && hostileCount > 0) {
    log(`hostile input: ${hostileCount} payloads`);
    const report = await runHostilePhase(target, {
      count: hostileCount,
      counts: { ingress: 2, normalizer: 2, projector: 1, poller: 0 },
      logDir: runDir,
      log,
    });
    saved.hostile = report;
    problems.push(...hostileProblems(report));
    console.log(
      `\nhostile input: ${report.sent} payloads in ${report.sendSeconds} s, ${report.answered} answered, ${report.validSent} valid among them (${report.validEventsMissing} of their events not stored)`,
    );
    console.log(
      table(
        Object.entries(report.byKind).flatMap(([kind, outcomes]) =>
          Object.entries(outcomes).map(([outcome, count]) => ({ kind, outcome, count })),
        ),
      ),
    );
  }
} finally {
  await target.stop();
}
if (values.report) writeFileSync(values.report, `${JSON.stringify(saved, null, 2)}\n`);
if (problems.length > 0) {
  console.log(`\nFAILED:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  '\nnothing lost, nothing applied twice, every aggregate as sent, every hostile payload answered with a reason',
);
process.exit(0);
