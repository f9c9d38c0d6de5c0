import { ConfigError } from '@shipfold/config';
import { topicNames } from '@shipfold/contracts';
import { createPool, migrate } from '@shipfold/db';
import { createKafka, createRegistry } from '@shipfold/kafka';
import { ALL_PROJECTIONS, type Projection } from '@shipfold/projections';
import { createWireDecoder, loadProjectorConfig, rebuild } from '@shipfold/projector';
import { Presets, SingleBar } from 'cli-progress';
import { Argument, Command } from 'commander';

/**
 * `shipfold rebuild shipments|returns|all`: replays the event topics from the beginning into fresh
 * tables and switches readers over in one transaction (services/projector/src/rebuild.ts), with a
 * progress bar on stderr. Configuration as for the projector (KAFKA_*, TOPIC_PREFIX, DATABASE_URL, …).
 * `all` also rebuilds the DLQ table.
 */

const TARGETS: Record<string, readonly Projection['name'][]> = {
  shipments: ['shipments'],
  returns: ['returns'],
  all: ['shipments', 'returns', 'dlq'],
};

async function run(target: string): Promise<void> {
  const env = loadProjectorConfig();
  const wanted = TARGETS[target] ?? [];
  const projections = ALL_PROJECTIONS.filter((projection) => wanted.includes(projection.name));
  await migrate(env.DATABASE_URL);
  const pool = createPool(env.DATABASE_URL, {
    max: env.PROJECTOR_DB_POOL_SIZE + 1,
    applicationName: 'shipfold-rebuild',
  });
  const bar = new SingleBar(
    {
      format: `rebuild ${target} {bar} {percentage}% | {value}/{total} records | {rate} records/s | {phase}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let barStarted = false;
  const quiet = () => undefined;
  try {
    const result = await rebuild({
      kafka: createKafka({
        brokers: env.KAFKA_BROKERS.split(','),
        clientId: `${env.KAFKA_CLIENT_ID}-rebuild`,
      }),
      decode: createWireDecoder(createRegistry(env.SCHEMA_REGISTRY_URL)),
      pool,
      names: topicNames(env.TOPIC_PREFIX),
      projections,
      groupIdPrefix: env.PROJECTOR_GROUP_ID || `${env.TOPIC_PREFIX}.projector`,
      partitionsConcurrently: env.PROJECTOR_PARTITIONS_CONCURRENTLY,
      maxBytesPerPartition: env.PROJECTOR_MAX_BYTES_PER_PARTITION,
      log: {
        debug: quiet,
        info: quiet,
        warn: (details, message) =>
          process.stderr.write(`\nwarning: ${message} ${JSON.stringify(details)}\n`),
        error: (details, message) => process.stderr.write(`\nerror: ${message} ${JSON.stringify(details)}\n`),
      },
      onProgress: (done, total) => {
        const rate = Math.round(Number(done) / Math.max(0.001, (Date.now() - started) / 1000));
        if (!barStarted) {
          bar.start(Number(total), Number(done), { rate, phase: 'replaying' });
          barStarted = true;
        } else bar.update(Number(done), { rate });
      },
      onSwitching: () => bar.update({ phase: 'switching readers over' }),
    });
    bar.update({ phase: 'done' });
    bar.stop();
    process.stderr.write(
      `rebuilt ${projections.map((projection) => projection.name).join(', ')}: ${result.records} records replayed ` +
        `in ${result.seconds.toFixed(1)} s; readers now see the rebuilt tables\n`,
    );
  } finally {
    bar.stop();
    await pool.end();
  }
}

export const rebuildCommand = (): Command =>
  new Command('rebuild')
    .description(
      'replay the event topics from the beginning into fresh tables and switch readers over without a window of empty or partial reads',
    )
    .addArgument(new Argument('<target>', 'what to rebuild').choices(Object.keys(TARGETS)))
    .action(async (target: string) => {
      try {
        await run(target);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      }
    });
