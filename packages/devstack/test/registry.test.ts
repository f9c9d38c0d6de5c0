import { afterEach, describe, expect, it, vi } from 'vitest';
import { registryEnvironment } from '../src/registry';

describe('registryEnvironment', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('points Apicurio at its own database on the server DATABASE_URL names', () => {
    vi.stubEnv('DATABASE_URL', 'postgres://app:pw@db.local:6543/shipfold_dev');
    const env = registryEnvironment('/stack/registry/tmp');
    expect(env).toMatchObject({
      APICURIO_STORAGE_KIND: 'sql',
      APICURIO_STORAGE_SQL_KIND: 'postgresql',
      APICURIO_DATASOURCE_URL: 'jdbc:postgresql://db.local:6543/shipfold_registry',
      APICURIO_DATASOURCE_USERNAME: 'app',
      APICURIO_DATASOURCE_PASSWORD: 'pw',
    });
  });

  it('listens on loopback only, with Confluent-like default compatibility', () => {
    vi.stubEnv('DATABASE_URL', '');
    const env = registryEnvironment('/stack/registry/tmp');
    expect(env).toMatchObject({
      QUARKUS_HTTP_HOST: '127.0.0.1',
      QUARKUS_HTTP_PORT: '8081',
      QUARKUS_MANAGEMENT_HOST: '127.0.0.1',
      APICURIO_RULES_GLOBAL_COMPATIBILITY: 'BACKWARD',
      APICURIO_DATASOURCE_URL: 'jdbc:postgresql://127.0.0.1:5432/shipfold_registry',
      APICURIO_DATASOURCE_USERNAME: 'postgres',
    });
  });
});
