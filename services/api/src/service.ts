import { clickpostClientFor } from '@shipfold/clickpost';
import { createPool, databaseAnswers } from '@shipfold/db';
import { LIVE_SCHEMA, tablesIn } from '@shipfold/projections';
import { createService, type Service } from '@shipfold/service-kit';
import { createRegistrar } from '@shipfold/tracking-state';
import type { ApiEnv } from './config';
import { readRoutes } from './read-routes';
import { shipmentRegistrationRoutes } from './registration-routes';

export interface Api {
  service: Service;
  start(): Promise<string>;
  stop(): Promise<void>;
}

/** The read API: service-kit (health, metrics, OpenAPI at /openapi.json) + the /v1 read routes. */
export function createApi(env: ApiEnv, overrides: { logStream?: NodeJS.WritableStream } = {}): Api {
  const service = createService({
    name: 'api',
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    isReady: () => databaseAnswers(pool),
    ...(overrides.logStream ? { logStream: overrides.logStream } : {}),
    fastify: {
      // Report every bad parameter, and refuse unknown ones instead of dropping them silently.
      ajv: { customOptions: { allErrors: true, removeAdditional: false } },
      // Long path parameters reach the route schema (400 naming the parameter), not a bare 414.
      routerOptions: { maxParamLength: 1024 },
    },
  });
  const pool = createPool(env.DATABASE_URL, {
    max: env.API_DB_POOL_SIZE,
    applicationName: 'shipfold-api',
    log: service.log,
  });
  void service.app.register(readRoutes, { prefix: '/v1', pool, tables: tablesIn(LIVE_SCHEMA) });
  // AWB registration with Clickpost for tracking (POST /v1/shipments, DELETE /v1/shipments/:waybill).
  void service.app.register(shipmentRegistrationRoutes, {
    prefix: '/v1',
    registrar: createRegistrar(pool, clickpostClientFor(env)),
  });
  service.onShutdown(() => pool.end());
  return { service, start: () => service.start(), stop: () => service.stop() };
}
