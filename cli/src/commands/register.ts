import { ClickpostError, clickpostClientFor } from '@shipfold/clickpost';
import { ConfigError } from '@shipfold/config';
import { createPool } from '@shipfold/db';
import { loadPollerConfig } from '@shipfold/poller';
import { createRegistrar } from '@shipfold/tracking-state';
import { Command, InvalidArgumentError } from 'commander';

/**
 * `shipfold register WAYBILL --cp-id N [--account-code CODE] [--unregister]`: registers a waybill with
 * Clickpost for tracking (or stops tracking it) and prints the stored registration as JSON. The same
 * code path as POST / DELETE /v1/shipments.
 */

const cpId = (value: string): number => {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError('expected a positive integer');
  return Number(value);
};

interface Options {
  cpId: number;
  accountCode?: string;
  unregister?: boolean;
}

async function register(waybill: string, options: Options): Promise<void> {
  const env = loadPollerConfig();
  const pool = createPool(env.DATABASE_URL, { max: 1, applicationName: 'shipfold-register' });
  const client = clickpostClientFor(env);
  try {
    const registrar = createRegistrar(pool, client);
    const registration = options.unregister
      ? await registrar.unregister({ waybill, cpId: options.cpId })
      : await registrar.register({
          waybill,
          cpId: options.cpId,
          ...(options.accountCode === undefined ? {} : { accountCode: options.accountCode }),
        });
    process.stdout.write(`${JSON.stringify(registration)}\n`);
  } finally {
    await client.close();
    await pool.end();
  }
}

export const registerCommand = (): Command =>
  new Command('register')
    .description(
      'register a waybill with Clickpost for tracking (or --unregister it); prints the stored state',
    )
    .argument('<waybill>', 'the waybill (AWB)')
    .requiredOption('--cp-id <id>', 'Clickpost courier partner id', cpId)
    .option('--account-code <code>', 'courier account code, when the courier has several')
    .option('--unregister', 'stop tracking the waybill instead')
    .action(async (waybill: string, options: Options) => {
      try {
        await register(waybill, options);
      } catch (error) {
        if (!(error instanceof ClickpostError || error instanceof ConfigError)) throw error;
        // ClickpostError messages carry Clickpost's status and text, never the API key.
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      }
    });
