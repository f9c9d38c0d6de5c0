import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ManagedComponent } from './component';
import { host, parseDatabaseUrl, ports } from './endpoints';
import { paths, stackDir } from './layout';
import { log } from './logger';
import { postgresAnswers } from './postgres';

const execFileAsync = promisify(execFile);

/**
 * A PostgreSQL server of the stack's own, for tests that stop, restart or kill PostgreSQL: the
 * machine's server also holds other databases and the registry's, so no test may touch it. It is
 * initialised (initdb) on first start with trust authentication on 127.0.0.1, and runs the machine's
 * PostgreSQL binaries. PostgreSQL refuses to run as root, so as root it runs as the `postgres` user;
 * its folder is then in the system's temporary folder (one per stack), because that user may not be
 * able to reach the clone (a clone in a private folder, say). Otherwise it is `.stack/private-postgres`.
 */

function homeFor(user: { uid: number; gid: number } | undefined): string {
  if (!user) return paths.home('private-postgres');
  const stack = createHash('sha256').update(stackDir()).digest('hex').slice(0, 12);
  return join(tmpdir(), `shipfold-private-postgres-${stack}`);
}

export const privatePostgresUrl = (database = 'postgres') =>
  `postgres://postgres@${host}:${ports.privatePostgres}/${database}`;

/** The newest server binaries of the machine (Debian's /usr/lib/postgresql/<major>/bin), or PATH's. */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((name) => /^\d+$/.test(name) && existsSync(join(root, name, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return majors[0] ? join(root, majors[0], 'bin') : '';
}

const binary = (name: string) => (binDir() ? join(binDir(), name) : name);

/** As root: the postgres user's ids, for initdb and the server. */
async function serverUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
    execFileAsync('id', ['-u', 'postgres']),
    execFileAsync('id', ['-g', 'postgres']),
  ]).catch(() => {
    throw new Error(
      "the private PostgreSQL cannot run as root, and there is no 'postgres' user to run it as",
    );
  });
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/** Creates the server's folders (owned by its user) and runs initdb once; returns them. */
async function initialise(
  user: { uid: number; gid: number } | undefined,
): Promise<{ dataDir: string; socketDir: string }> {
  const home = homeFor(user);
  const dataDir = join(home, 'data');
  const socketDir = join(home, 'socket');
  for (const dir of [home, socketDir]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (user) await chown(dir, user.uid, user.gid);
  }
  if (existsSync(join(dataDir, 'PG_VERSION'))) return { dataDir, socketDir };
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user) await chown(dataDir, user.uid, user.gid);
  log.info(`initialising a private PostgreSQL in ${dataDir}`);
  await execFileAsync(
    binary('initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-instructions'],
    { ...(user ?? {}), cwd: '/' },
  ).catch((error: { stderr?: string; message: string }) => {
    throw new Error(`initdb failed: ${error.stderr ?? error.message}`);
  });
  return { dataDir, socketDir };
}

export const privatePostgres: ManagedComponent = {
  name: 'private-postgres',
  ports: [ports.privatePostgres],
  endpoint: privatePostgresUrl(),
  readyTimeoutMs: 60_000,
  stopGraceMs: 15_000,
  // Fast shutdown: SIGTERM would wait for every client to disconnect.
  stopSignal: 'SIGINT',
  // PostgreSQL reads -D as its data folder: the marker travels as a custom setting instead.
  markerPrefix: '',

  async prepare(marker) {
    const user = await serverUser();
    const { dataDir, socketDir } = await initialise(user);
    return {
      command: binary('postgres'),
      args: [
        '-D',
        dataDir,
        '-p',
        String(ports.privatePostgres),
        '-c',
        `listen_addresses=${host}`,
        '-c',
        `unix_socket_directories=${socketDir}`,
        '-c',
        'fsync=off',
        '-c',
        marker,
      ],
      cwd: '/',
      env: { ...process.env, LC_ALL: 'C' },
      ...(user ?? {}),
    };
  },

  answers: () => postgresAnswers(parseDatabaseUrl(privatePostgresUrl())),
};
