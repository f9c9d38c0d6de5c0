import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Names of the processes devstack starts and stops itself. The project's PostgreSQL is the machine's
 * own; `private-postgres` is a server of the stack's own for tests that stop or kill PostgreSQL.
 */
export type ManagedName = 'kafka' | 'registry' | 'private-postgres' | KafkaClusterNode;
/** The nodes of the three-node Kafka cluster (production-shaped: replication 3, min.insync.replicas 2). */
export type KafkaClusterNode = 'kafka-1' | 'kafka-2' | 'kafka-3';
export const kafkaClusterNodes: readonly KafkaClusterNode[] = ['kafka-1', 'kafka-2', 'kafka-3'];
export const managedNames: readonly ManagedName[] = [
  'kafka',
  'registry',
  'private-postgres',
  ...kafkaClusterNodes,
];

/** The package's own folder (for the Maven poms) and the repository root (for `.stack/`). */
export const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = resolve(packageDir, '..', '..');

/**
 * Downloads outlive the clone: they go to a per-user cache so a fresh clone on the same machine starts fast.
 * Runtime state (data, pid files, logs) belongs to the clone, in its git-ignored `.stack/`.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SHIPFOLD_CACHE_DIR) return resolve(env.SHIPFOLD_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return join(base, 'shipfold');
}

export function stackDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHIPFOLD_STACK_DIR ? resolve(env.SHIPFOLD_STACK_DIR) : join(repoRoot, '.stack');
}

export const paths = {
  pidFile: (name: ManagedName) => join(stackDir(), 'run', `${name}.pid`),
  logFile: (name: ManagedName) => join(stackDir(), 'logs', `${name}.log`),
  /** Working folder of one component: its configuration and data. */
  home: (name: ManagedName) => join(stackDir(), name),
  pom: (name: ManagedName) => join(packageDir, 'maven', name, 'pom.xml'),
};
