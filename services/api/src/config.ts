import { clickpostEnv } from '@shipfold/clickpost';
import { databaseEnv, httpEnv, loadConfig, logEnv } from '@shipfold/config';
import { type Static, Type } from '@sinclair/typebox';

export const ApiEnv = Type.Object({
  ...databaseEnv,
  ...clickpostEnv,
  ...logEnv,
  ...httpEnv(8090),
  API_DB_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 100 }),
});
export type ApiEnv = Static<typeof ApiEnv>;

export const loadApiConfig = (source: Record<string, string | undefined> = process.env): ApiEnv =>
  loadConfig(ApiEnv, source);
