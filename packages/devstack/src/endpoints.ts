/** Where the local stack listens. Fixed, so every service and test finds it without configuration. */
export const host = '127.0.0.1';
export const ports = {
  kafka: 9092,
  kafkaController: 9093,
  registry: 8081,
  /** Quarkus management interface (health, metrics) of the registry: kept off the default 9000. */
  registryManagement: 9081,
  /** The stack's own PostgreSQL, for tests that stop or kill it (not the machine's 5432). */
  privatePostgres: 55432,
  /** The three-node Kafka cluster (beside the single broker): each node's broker and controller port. */
  kafkaCluster: [
    { broker: 19092, controller: 19093 },
    { broker: 19094, controller: 19095 },
    { broker: 19096, controller: 19097 },
  ],
} as const;

/** The bootstrap servers of the three-node cluster. */
export const kafkaClusterBrokers = ports.kafkaCluster.map(({ broker }) => `${host}:${broker}`).join(',');

export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/shipfold';
/** The registry keeps its schemas in its own database on the same server as the project's. */
export const registryDatabaseName = 'shipfold_registry';

export interface Endpoints {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  databaseUrl: string;
}

export function endpoints(env: NodeJS.ProcessEnv = process.env): Endpoints {
  return {
    kafkaBrokers: `${host}:${ports.kafka}`,
    schemaRegistryUrl: `http://${host}:${ports.registry}/apis/ccompat/v7`,
    databaseUrl: env.DATABASE_URL || defaultDatabaseUrl,
  };
}

export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

/** Reads a `postgres://` URL. Throws with a readable message when it is not one. */
export function parseDatabaseUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL is not a URL: ${redact(url)}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) {
    throw new Error(`DATABASE_URL must name one database: ${redact(url)}`);
  }
  const port = parsed.port ? Number(parsed.port) : 5432;
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost',
    port,
    database,
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: decodeURIComponent(parsed.password),
  };
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

/** JDBC form of a target, for the registry. */
export function jdbcUrl(target: PostgresTarget, database: string): string {
  const hostPart = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `jdbc:postgresql://${hostPart}:${target.port}/${encodeURIComponent(database)}`;
}
