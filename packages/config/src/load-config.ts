import { type Static, type TObject, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the variables named by `schema` from the environment, fills in defaults, converts
 * numbers and booleans, and validates. Every problem is reported at once, by variable name;
 * values are never echoed because some variables hold secrets.
 */
export function loadConfig<T extends TObject>(
  schema: T,
  env: Record<string, string | undefined> = process.env,
): Static<T> {
  const picked: Record<string, unknown> = {};
  for (const name of Object.keys(schema.properties)) {
    const raw = env[name];
    if (raw !== undefined && raw !== '') picked[name] = raw;
  }
  const value = Value.Convert(schema, Value.Default(schema, picked));
  const problems = [...Value.Errors(schema, value)].map(
    (error) => `${error.path.replace(/^\//, '') || '(root)'}: ${error.message}`,
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return value as Static<T>;
}

/** A comma-separated list in one variable, e.g. two secrets during a rotation. */
export const CommaList = (options: { default: string; description: string }) =>
  Type.String({ ...options, pattern: '^[^,]+(,[^,]+)*$' });

export const splitList = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
