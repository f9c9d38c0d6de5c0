import type { TestProject } from 'vitest/node';

export interface Endpoints {
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  databaseUrl: string;
  kind: 'env' | 'containers' | 'local-stack';
}

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: Endpoints;
  }
}

/** Hands the endpoints to the test files: through `inject('endpoints')` and the usual variables. */
export function provideEndpoints(project: TestProject, endpoints: Endpoints): void {
  project.provide('endpoints', endpoints);
  process.env.KAFKA_BROKERS = endpoints.kafkaBrokers;
  process.env.SCHEMA_REGISTRY_URL = endpoints.schemaRegistryUrl;
  process.env.DATABASE_URL = endpoints.databaseUrl;
  process.env.SHIPFOLD_STACK_KIND = endpoints.kind;
}
