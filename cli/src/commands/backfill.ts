import { clickpostClientFor, clickpostEndpoint } from '@shipfold/clickpost';
import { ConfigError } from '@shipfold/config';
import {
  BackfillError,
  backfillReturns,
  loadPollerConfig,
  parseCliInstant,
  rawPublishingFor,
} from '@shipfold/poller';
import { Presets, SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';

/**
 * `shipfold backfill returns --from T --to T`: walks a past range of Clickpost's Returns Polling Delta
 * API in 60-minute windows and publishes every result to the raw topic, like the poller (whose
 * checkpoint it leaves alone). Configuration as for the poller (CLICKPOST_*, KAFKA_*, …).
 */

const instant = (value: string): number => {
  const ms = parseCliInstant(value);
  if (ms === null)
    throw new InvalidArgumentError('expected an ISO-8601 date or date-time, e.g. 2024-06-01T10:00:00Z');
  return ms;
};

async function backfillReturnsCommand(options: { from: number; to?: number }): Promise<void> {
  const env = loadPollerConfig();
  const to = options.to ?? Date.now();
  if (to <= options.from) throw new InvalidArgumentError('--to must be after --from');
  const client = clickpostClientFor(env);
  const kafka = rawPublishingFor(env, `${env.KAFKA_CLIENT_ID}-backfill`);
  const controller = new AbortController();
  const interrupt = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', interrupt);
  const bar = new SingleBar(
    {
      format: 'returns {bar} {value}/{total} windows | {results} results | {window}',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 2000,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let results = 0;
  try {
    await kafka.connect();
    process.stderr.write(`backfilling returns from ${clickpostEndpoint(env).baseUrl}\n`);
    let started = false;
    const summary = await backfillReturns({
      client,
      publisher: kafka.publisher,
      fromMs: options.from,
      toMs: to,
      signal: controller.signal,
      onWindow: ({ window, index, total, results: found }) => {
        if (!started) {
          bar.start(total, 0, { results: 0, window: '' });
          started = true;
        }
        results += found;
        bar.update(index + 1, { results, window: new Date(window.startMs).toISOString() });
      },
    });
    bar.stop();
    process.stdout.write(`${JSON.stringify({ windows: summary.windows, results: summary.results })}\n`);
  } catch (error) {
    bar.stop();
    if (error instanceof BackfillError) {
      process.stderr.write(
        `${error.message}\nresume with: shipfold backfill returns --from ${new Date(error.window.startMs).toISOString()} --to ${new Date(to).toISOString()}\n`,
      );
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    await kafka.producer.disconnect();
    await client.close();
  }
}

export const backfillCommand = (): Command =>
  new Command('backfill')
    .description('re-read a past range of a Clickpost polling API into the raw topic')
    .addCommand(
      new Command('returns')
        .description('walk the Returns Polling Delta API in 60-minute windows and publish every result')
        .requiredOption('--from <instant>', 'start, ISO-8601 (UTC unless it carries an offset)', instant)
        .option('--to <instant>', 'end, ISO-8601 (default: now)', instant)
        .action(async (options: { from: number; to?: number }) => {
          try {
            await backfillReturnsCommand(options);
          } catch (error) {
            if (!(error instanceof ConfigError || error instanceof InvalidArgumentError)) throw error;
            process.stderr.write(`${error.message}\n`);
            process.exitCode = 1;
          }
        }),
    );
