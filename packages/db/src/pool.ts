import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  max?: number;
  applicationName?: string;
  /**
   * Where to say that a connection broke (PostgreSQL restarted, a pooler or an administrator closed
   * it). The query running on it, if any, has failed with the error (its caller retries); the pool
   * drops the connection and the next query opens a new one. Without listeners node-pg raises it as
   * an uncaught 'error' event, from the pool for an idle connection and from the client for a
   * checked-out one, and that ends the process: so there are always listeners.
   */
  log?: { warn(details: Record<string, unknown>, message: string): void };
}

export function createPool(databaseUrl: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'shipfold',
    connectionTimeoutMillis: 5000,
  });
  const onError = (error: Error) =>
    options.log?.warn({ err: error }, 'a database connection broke; the pool opens a new one when needed');
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

/** Runs `work` in one transaction on one connection; rolls back if it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Whether the database answers a trivial query now (readiness of the services that need it). */
export async function databaseAnswers(pool: Pick<pg.Pool, 'query'>): Promise<boolean> {
  try {
    await pool.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
