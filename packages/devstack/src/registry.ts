import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cachedRuntime } from './cache';
import { classDataSharing } from './cds';
import type { ManagedComponent } from './component';
import { endpoints, host, jdbcUrl, ports, registryDatabaseName } from './endpoints';
import { findJava, javaBinary } from './java';
import { paths } from './layout';
import { ensureDatabases, postgresTarget } from './postgres';

/** Apicurio Registry 3.3 is compiled for Java 21. */
const minJava = 21;
const heap = ['-Xms64m', '-Xmx512m'];

/**
 * Apicurio's settings, as the environment variables its documentation names (Quarkus maps
 * APICURIO_STORAGE_SQL_KIND to apicurio.storage.sql.kind, and so on).
 */
export function registryEnvironment(workDir: string): Record<string, string> {
  const target = postgresTarget();
  return {
    QUARKUS_HTTP_HOST: host,
    QUARKUS_HTTP_PORT: String(ports.registry),
    QUARKUS_MANAGEMENT_HOST: host,
    QUARKUS_MANAGEMENT_PORT: String(ports.registryManagement),
    APICURIO_STORAGE_KIND: 'sql',
    APICURIO_STORAGE_SQL_KIND: 'postgresql',
    APICURIO_DATASOURCE_URL: jdbcUrl(target, registryDatabaseName),
    APICURIO_DATASOURCE_USERNAME: target.user,
    APICURIO_DATASOURCE_PASSWORD: target.password,
    // Confluent's default. Apicurio's is NONE, and its ccompat API answers GET /config/{subject} for a
    // subject without its own level with the global one (where Confluent answers 404): then
    // @kafkajs/confluent-schema-registry's register() fails with "BACKWARD != NONE" on any subject
    // whose level was never set (registered by another client, or its PUT /config never happened).
    APICURIO_RULES_GLOBAL_COMPATIBILITY: 'BACKWARD',
    // The default pool holds 20 connections from the start; a developer's server has other users.
    APICURIO_DATASOURCE_JDBC_INITIAL_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MIN_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MAX_SIZE: '10',
    // Apicurio's default scratch folder is /tmp; keep its files with the rest of the stack's state.
    APICURIO_STORAGE_SNAPSHOT_LOCATION: workDir,
    APICURIO_IMPORT_WORK_DIR: workDir,
  };
}

export const registry: ManagedComponent = {
  name: 'registry',
  ports: [ports.registry, ports.registryManagement],
  endpoint: endpoints().schemaRegistryUrl,
  readyTimeoutMs: 180_000,
  stopGraceMs: 20_000,

  async prepare(markerArg) {
    await ensureDatabases();
    const runtime = await cachedRuntime('registry', 'archive');
    const java = findJava(minJava, 'SHIPFOLD_REGISTRY_JAVA_HOME');
    const home = paths.home('registry');
    const workDir = join(home, 'tmp');
    await mkdir(workDir, { recursive: true });
    return {
      command: javaBinary(java),
      args: [
        ...heap,
        ...classDataSharing(java, runtime, home),
        `-Djava.io.tmpdir=${workDir}`,
        markerArg,
        '-jar',
        join(runtime, 'app', 'quarkus-run.jar'),
      ],
      cwd: home,
      env: { ...process.env, ...registryEnvironment(workDir) },
    };
  },

  answers: () => registryAnswers(endpoints().schemaRegistryUrl),
};

/** Whether the Confluent-compatible API answers (which needs its storage, PostgreSQL, too). */
export async function registryAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(3000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
