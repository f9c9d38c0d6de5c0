import { join } from 'node:path';
import type { ManagedComponent } from './component';
import { endpoints, host, redact } from './endpoints';
import { kafka, kafkaCluster } from './kafka';
import {
  type KafkaClusterNode,
  kafkaClusterNodes,
  type ManagedName,
  managedNames,
  paths,
  stackDir,
} from './layout';
import { withLock } from './lock';
import { log } from './logger';
import { postgresAnswers } from './postgres';
import { privatePostgres } from './private-postgres';
import {
  isOurs,
  portAnswers,
  removePidFile,
  runningFromPidFile,
  spawnDetached,
  stopProcess,
  tailFile,
  writePidFile,
} from './processes';
import { registry } from './registry';
import { waitFor } from './wait';

export type ComponentName = 'postgres' | ManagedName;

export interface ComponentStatus {
  name: ComponentName;
  up: boolean;
  /** `starting`: our process is alive but does not answer yet. */
  state: 'up' | 'starting' | 'down';
  /** Set when devstack started the process (PostgreSQL is never ours). */
  pid?: number;
  endpoint: string;
  note?: string;
}

export interface UpOptions {
  /** Overrides each component's own start deadline. */
  timeoutMs?: number;
}

const components: Record<ManagedName, ManagedComponent> = {
  kafka,
  registry,
  'private-postgres': privatePostgres,
  ...(Object.fromEntries(kafkaCluster.map((node) => [node.name, node])) as Record<
    KafkaClusterNode,
    ManagedComponent
  >),
};
/** Started only by what needs them (tests of faults), and listed by `status` while they run. */
const onDemand: readonly ManagedComponent[] = [privatePostgres, ...kafkaCluster];
const lockFile = () => join(stackDir(), 'run', 'devstack.lock');
const lockTimeoutMs = 10 * 60_000;

function component(name: string): ManagedComponent {
  if (!managedNames.includes(name as ManagedName)) {
    throw new Error(`unknown component '${name}': devstack manages ${managedNames.join(', ')}`);
  }
  return components[name as ManagedName];
}

/** The tag on a process's command line that says which stack and component it belongs to. */
const markerOf = (name: ManagedName) =>
  `${components[name].markerPrefix ?? '-D'}shipfold.devstack=${stackDir()}#${name}`;

interface Launched {
  c: ManagedComponent;
  pid: number;
  startedAt: number;
  /** False when ours was already running. */
  fresh: boolean;
}

/** Starts the process unless ours already runs; does not wait for it to answer. */
async function launch(c: ManagedComponent): Promise<Launched> {
  const running = await runningFromPidFile(paths.pidFile(c.name), markerOf(c.name));
  if (running) return { c, pid: running.pid, startedAt: Date.parse(running.startedAt), fresh: false };
  await removePidFile(paths.pidFile(c.name));
  for (const port of c.ports) {
    if (await portAnswers(host, port)) {
      throw new Error(
        `cannot start ${c.name}: ${host}:${port} is taken by a process devstack did not start ` +
          `(no live pid file in ${join(stackDir(), 'run')}). Stop it, or find it with 'ss -ltnp'.`,
      );
    }
  }
  const marker = markerOf(c.name);
  const command = await c.prepare(marker);
  const startedAt = Date.now();
  const pid = await spawnDetached({ ...command, logFile: paths.logFile(c.name) });
  await writePidFile(paths.pidFile(c.name), { pid, marker, startedAt: new Date(startedAt).toISOString() });
  log.info(`started ${c.name} (pid ${pid}), log ${paths.logFile(c.name)}`);
  return { c, pid, startedAt, fresh: true };
}

/** Waits until a launched component answers; one that does not in time is stopped, and its log quoted. */
async function ready({ c, pid, startedAt, fresh }: Launched, options: UpOptions): Promise<void> {
  if (!fresh && (await c.answers())) {
    log.info(`${c.name} already running (pid ${pid}) at ${c.endpoint}`);
    return;
  }
  const marker = markerOf(c.name);
  try {
    await waitFor(() => c.answers(), {
      what: `${c.name} to answer at ${c.endpoint}`,
      timeoutMs: options.timeoutMs ?? c.readyTimeoutMs,
      abortIf: async () => ((await isOurs(pid, marker)) ? undefined : `process ${pid} exited`),
    });
  } catch (error) {
    // A half-started process would only confuse the next attempt: stop it, keep its log.
    const record = await runningFromPidFile(paths.pidFile(c.name), marker);
    if (record) await stopProcess(record, c.stopGraceMs, c.stopSignal);
    await removePidFile(paths.pidFile(c.name));
    const tail = await tailFile(paths.logFile(c.name));
    throw new Error(`${(error as Error).message}\n--- last lines of ${paths.logFile(c.name)} ---\n${tail}`);
  }
  log.info(`${c.name} is up (pid ${pid}) at ${c.endpoint}, ${seconds(startedAt)} after its start`);
}

async function stop(c: ManagedComponent): Promise<void> {
  const record = await runningFromPidFile(paths.pidFile(c.name), markerOf(c.name));
  if (!record) {
    await removePidFile(paths.pidFile(c.name));
    log.info(`${c.name} is not running`);
    return;
  }
  const since = Date.now();
  const how = await stopProcess(record, c.stopGraceMs, c.stopSignal);
  await removePidFile(paths.pidFile(c.name));
  log.info(`${how} ${c.name} (pid ${record.pid}) in ${seconds(since)}`);
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Throws one error naming every failure, after all have settled. */
async function all(tasks: Promise<void>[]): Promise<void> {
  const failures = (await Promise.allSettled(tasks)).flatMap((result) =>
    result.status === 'rejected' ? [String((result.reason as Error)?.message ?? result.reason)] : [],
  );
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}

/**
 * Starts whatever is not running and waits until every component answers; running it again changes
 * nothing. PostgreSQL is the machine's server: devstack creates the databases on it, not the server.
 */
export async function stackUp(options: UpOptions = {}): Promise<ComponentStatus[]> {
  await withLock(lockFile(), lockTimeoutMs, async () => {
    // One launch after the other, so the first start's fetches run alone and their output reads in order;
    // then both JVMs warm up together.
    const launched: Launched[] = [];
    for (const c of [kafka, registry]) launched.push(await launch(c));
    await all(launched.map((one) => ready(one, options)));
  });
  return stackStatus();
}

/** Stops exactly the processes devstack started (by their pid files); safe to run when nothing runs. */
export async function stackDown(): Promise<void> {
  await withLock(lockFile(), lockTimeoutMs, () => all([kafka, registry, ...onDemand].map(stop)));
}

export async function startComponent(name: ManagedName, options: UpOptions = {}): Promise<void> {
  await startComponents([name], options);
}

/**
 * Starts several components together, then waits until each answers: the nodes of the Kafka cluster
 * must be launched together, as none answers before a majority of the controllers runs.
 */
export async function startComponents(names: readonly ManagedName[], options: UpOptions = {}): Promise<void> {
  const wanted = names.map(component);
  await withLock(lockFile(), lockTimeoutMs, async () => {
    const launched: Launched[] = [];
    for (const c of wanted) launched.push(await launch(c));
    await all(launched.map((one) => ready(one, options)));
  });
}

/** The three-node Kafka cluster (replication 3, min.insync.replicas 2), beside the single broker. */
export const startKafkaCluster = (options: UpOptions = {}) => startComponents(kafkaClusterNodes, options);
/** Stops the nodes together: one stopped last, alone, would wait for a quorum that is gone. */
export const stopKafkaCluster = () =>
  withLock(lockFile(), lockTimeoutMs, () => all(kafkaClusterNodes.map((name) => stop(component(name)))));

/** `kill -9` of a component devstack started (for fault tests): no clean shutdown, then waits until it is gone. */
export async function killComponent(name: ManagedName): Promise<void> {
  const c = component(name);
  await withLock(lockFile(), lockTimeoutMs, async () => {
    const record = await runningFromPidFile(paths.pidFile(c.name), markerOf(c.name));
    if (!record) throw new Error(`${name} is not running (as started by devstack): nothing to kill`);
    await stopProcess(record, 0, 'SIGKILL');
    await removePidFile(paths.pidFile(c.name));
    log.info(`killed ${c.name} (pid ${record.pid}) with SIGKILL`);
  });
}

/**
 * Hangs a component devstack started (SIGSTOP: it keeps its sockets but answers nothing, as a frozen
 * VM or a long GC pause does), or lets it go on (SIGCONT). For fault tests.
 */
export async function freezeComponent(name: ManagedName, frozen: boolean): Promise<void> {
  const c = component(name);
  await withLock(lockFile(), lockTimeoutMs, async () => {
    const record = await runningFromPidFile(paths.pidFile(c.name), markerOf(c.name));
    if (!record) throw new Error(`${name} is not running (as started by devstack): nothing to freeze`);
    process.kill(record.pid, frozen ? 'SIGSTOP' : 'SIGCONT');
    log.info(`${frozen ? 'froze' : 'thawed'} ${c.name} (pid ${record.pid})`);
  });
}

export async function stopComponent(name: ManagedName): Promise<void> {
  const c = component(name);
  await withLock(lockFile(), lockTimeoutMs, () => stop(c));
}

async function managedStatus(c: ManagedComponent): Promise<ComponentStatus> {
  const [running, answers] = await Promise.all([
    runningFromPidFile(paths.pidFile(c.name), markerOf(c.name)),
    c.answers(),
  ]);
  const status: ComponentStatus = {
    name: c.name,
    up: answers,
    state: answers ? 'up' : running ? 'starting' : 'down',
    endpoint: c.endpoint,
  };
  if (running) return { ...status, pid: running.pid };
  if (answers) return { ...status, note: 'not started by devstack' };
  for (const port of c.ports) {
    if (await portAnswers(host, port)) return { ...status, note: `port ${port} taken by another process` };
  }
  return status;
}

async function postgresStatus(): Promise<ComponentStatus> {
  const up = await postgresAnswers();
  return {
    name: 'postgres',
    up,
    state: up ? 'up' : 'down',
    endpoint: redact(endpoints().databaseUrl),
    note: "the machine's server",
  };
}

/** Each component and whether it answers its clients now. */
export async function stackStatus(): Promise<ComponentStatus[]> {
  const [machine, ...managed] = await Promise.all([
    postgresStatus(),
    managedStatus(kafka),
    managedStatus(registry),
    ...onDemand.map(managedStatus),
  ]);
  const shown = managed.filter(
    (status) => status.state !== 'down' || !onDemand.some((c) => c.name === status.name),
  );
  return [machine as ComponentStatus, ...shown];
}
