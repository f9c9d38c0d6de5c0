import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROJECTOR_NODE_FLAGS, projectorProcessEnv } from '@shipfold/projector';
import { Command } from 'commander';
import { startSupervisor } from '../supervisor/supervisor';
import { runSetup } from './setup';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Every deployable process, in start order, with its own Node flags and environment variables; a
 * process whose entry does not exist yet is left out.
 */
interface Process {
  name: string;
  entry: string;
  flags?: readonly string[];
  env?: Record<string, string>;
}

const PROCESSES: Process[] = [
  { name: 'ingress', entry: 'services/ingress/src/main.ts' },
  { name: 'normalizer', entry: 'services/normalizer/src/main.ts' },
  {
    name: 'projector',
    entry: 'services/projector/src/main.ts',
    flags: PROJECTOR_NODE_FLAGS,
    env: projectorProcessEnv(),
  },
  { name: 'api', entry: 'services/api/src/main.ts' },
  { name: 'poller', entry: 'services/poller/src/main.ts' },
];
/** Clickpost's stand-in, started when no Clickpost credentials are configured. */
const SIMULATOR: Process = { name: 'simulator', entry: 'packages/clickpost-simulator/src/main.ts' };

async function start(): Promise<void> {
  // Services named by the environment are used as they are; otherwise the local stack is started.
  if (!(process.env.KAFKA_BROKERS && process.env.SCHEMA_REGISTRY_URL)) {
    const { stackUp } = await import('@shipfold/devstack');
    await stackUp();
  }
  await runSetup();

  const useSimulator = !process.env.CLICKPOST_API_KEY;
  const processes = [...PROCESSES, ...(useSimulator ? [SIMULATOR] : [])].filter(({ entry }) =>
    existsSync(`${repoRoot}${entry}`),
  );
  console.error(`starting ${processes.map(({ name }) => name).join(', ')}`);
  const supervisor = startSupervisor(
    processes.map(({ name, entry, flags = [], env }) => ({
      name,
      command: [process.execPath, ...flags, '--import', 'tsx', entry],
      cwd: repoRoot,
      ...(env ? { env } : {}),
    })),
    { write: (line) => process.stdout.write(`${line}\n`) },
  );
  const [signal] = await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
  await supervisor.stop(String(signal));
}

export const startCommand = (): Command =>
  new Command('start')
    .description(
      'bring up the local stack (unless KAFKA_BROKERS and SCHEMA_REGISTRY_URL are set), set it up, and run every service',
    )
    .action(start);
