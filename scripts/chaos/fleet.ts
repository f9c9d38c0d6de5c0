import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PROJECTOR_NODE_FLAGS, projectorProcessEnv } from '@shipfold/projector';
import { freePort, readyz, waitFor } from '@shipfold/test-support';

/**
 * The services of a chaos run as real processes, several instances of each, each on a port of its own
 * that it keeps across restarts: what `shipfold start` runs, so kill -9 and SIGTERM are real. An
 * instance that ends without being asked to is started again after a second (as the supervisor does)
 * and counted: the run reports every exit it did not cause.
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export type ServiceKind = 'ingress' | 'normalizer' | 'projector' | 'poller';

const ENTRIES: Record<ServiceKind, { entry: string; flags: readonly string[]; env: Record<string, string> }> =
  {
    ingress: { entry: 'services/ingress/src/main.ts', flags: [], env: {} },
    normalizer: { entry: 'services/normalizer/src/main.ts', flags: [], env: {} },
    projector: {
      entry: 'services/projector/src/main.ts',
      flags: PROJECTOR_NODE_FLAGS,
      env: projectorProcessEnv(),
    },
    poller: { entry: 'services/poller/src/main.ts', flags: [], env: {} },
  };

export interface Instance {
  name: string;
  kind: ServiceKind;
  port: number;
}

interface Running extends Instance {
  child: ChildProcess | null;
  /** Set while the run itself stops or kills it: its exit is not a crash. */
  expectingExit: boolean;
}

export interface Fleet {
  instances: readonly Instance[];
  ready(instance: Instance): Promise<boolean>;
  allReady(): Promise<boolean>;
  /** kill -9; the instance is started again after a second, as the supervisor would. */
  kill(instance: Instance): Promise<void>;
  /** SIGTERM, wait for the exit, start again. */
  restart(instance: Instance): Promise<void>;
  /** Exits nobody asked for (crashes), by instance. */
  unexpectedExits: Map<string, number>;
  stop(): Promise<void>;
}

export async function startFleet(options: {
  counts: Record<ServiceKind, number>;
  env: Record<string, string>;
  /** Each instance's output goes to <logDir>/<name>.log. */
  logDir: string;
}): Promise<Fleet> {
  const instances: Running[] = [];
  for (const kind of Object.keys(options.counts) as ServiceKind[]) {
    for (let n = 1; n <= options.counts[kind]; n++) {
      instances.push({
        name: `${kind}-${n}`,
        kind,
        port: await freePort(),
        child: null,
        expectingExit: false,
      });
    }
  }
  const unexpectedExits = new Map<string, number>();
  const logs = new Map<string, WriteStream>();
  let stopping = false;

  /** Starts the instance again after a second, as the supervisor does, unless the fleet is stopping. */
  const relaunchSoon = (instance: Running) =>
    setTimeout(() => {
      if (!stopping && instance.child === null) launch(instance);
    }, 1000);

  const launch = (instance: Running) => {
    const { entry, flags, env } = ENTRIES[instance.kind];
    const log =
      logs.get(instance.name) ?? createWriteStream(`${options.logDir}/${instance.name}.log`, { flags: 'a' });
    logs.set(instance.name, log);
    const child = spawn(process.execPath, [...flags, '--import', 'tsx', entry], {
      cwd: repoRoot,
      env: {
        ...process.env,
        ...options.env,
        ...env,
        PORT: String(instance.port),
        KAFKA_CLIENT_ID: `chaos-${instance.name}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    instance.child = child;
    child.once('exit', (code, signal) => {
      if (instance.child === child) instance.child = null;
      if (instance.expectingExit || stopping) return;
      unexpectedExits.set(instance.name, (unexpectedExits.get(instance.name) ?? 0) + 1);
      log.write(
        `chaos: ${instance.name} exited by itself (code ${code}, signal ${signal}); starting it again\n`,
      );
      relaunchSoon(instance);
    });
  };

  const end = async (instance: Running, signal: NodeJS.Signals) => {
    const { child } = instance;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    instance.expectingExit = true;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
    instance.expectingExit = false;
  };

  for (const instance of instances) launch(instance);
  const ready = async (instance: Instance) => (await readyz(instance.port)) === 200;
  const fleet: Fleet = {
    instances,
    ready,
    allReady: async () => (await Promise.all(instances.map(ready))).every(Boolean),
    async kill(instance) {
      const running = instance as Running;
      await end(running, 'SIGKILL');
      relaunchSoon(running);
    },
    async restart(instance) {
      const running = instance as Running;
      await end(running, 'SIGTERM');
      launch(running);
      await waitFor(`${instance.name} ready again`, () => ready(instance), {
        timeoutMs: 90_000,
        intervalMs: 250,
      });
    },
    unexpectedExits,
    async stop() {
      stopping = true;
      await Promise.all(instances.map((instance) => end(instance, 'SIGTERM')));
      for (const log of logs.values()) log.end();
    },
  };
  return fleet;
}
