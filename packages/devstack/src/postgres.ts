import { ensureDatabase } from '@shipfold/db';
import pg from 'pg';
import { endpoints, type PostgresTarget, parseDatabaseUrl, redact, registryDatabaseName } from './endpoints';
import { log } from './logger';

export function postgresTarget(): PostgresTarget {
  return parseDatabaseUrl(endpoints().databaseUrl);
}

function client(target: PostgresTarget, database: string): pg.Client {
  const connection = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password || undefined,
    database,
    connectionTimeoutMillis: 3000,
  });
  // A server going away under a probe (a fault test stopping it) must not become an uncaught error.
  connection.on('error', () => undefined);
  return connection;
}

/** Whether the server answers a query on the project's database. */
export async function postgresAnswers(target: PostgresTarget = postgresTarget()): Promise<boolean> {
  const connection = client(target, target.database);
  try {
    await connection.connect();
    await connection.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/**
 * The PostgreSQL server is the machine's own; devstack does not start it. It makes sure the project's
 * database and the registry's exist on it.
 */
export async function ensureDatabases(): Promise<void> {
  const { databaseUrl } = endpoints();
  const target = parseDatabaseUrl(databaseUrl);
  for (const database of [target.database, registryDatabaseName]) {
    const url = new URL(databaseUrl);
    url.pathname = `/${encodeURIComponent(database)}`;
    let created: boolean;
    try {
      ({ created } = await ensureDatabase(url.toString()));
    } catch (error) {
      throw new Error(
        `PostgreSQL at ${target.host}:${target.port}: ${(error as Error).message}. ` +
          `devstack uses the machine's server (DATABASE_URL=${redact(databaseUrl)}); start it, e.g. ` +
          `'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'.`,
      );
    }
    if (created) log.info(`created database ${database}`);
  }
}
