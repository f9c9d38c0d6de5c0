import { Command } from 'commander';

/**
 * The `shipfold` command: a thin registry of commands, each in its own file under commands/.
 * Only the command being run is imported, so `shipfold normalize` does not load the Kafka and
 * PostgreSQL clients that `setup` needs; help lists them all.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  normalize: async () => (await import('./commands/normalize')).normalizeCommand(),
  setup: async () => (await import('./commands/setup')).setupCommand(),
  start: async () => (await import('./commands/start')).startCommand(),
  backfill: async () => (await import('./commands/backfill')).backfillCommand(),
  register: async () => (await import('./commands/register')).registerCommand(),
  rebuild: async () => (await import('./commands/rebuild')).rebuildCommand(),
};

const program = new Command('shipfold')
  .description('shipfold: shipment and return events from webhooks and polls, folded into PostgreSQL')
  .showHelpAfterError();

const requested = process.argv[2];
const load = requested && COMMANDS[requested] ? [COMMANDS[requested]] : Object.values(COMMANDS);
for (const make of load) program.addCommand(await make());

await program.parseAsync(process.argv);
