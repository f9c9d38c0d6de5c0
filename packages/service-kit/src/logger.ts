import type { LoggerOptions } from 'pino';

/**
 * Header and field names that carry secrets. Pino replaces them before a line is written, so a
 * secret never reaches the logs even when a request or config object is logged whole.
 */
export const SECRET_KEYS = [
  'authorization',
  'webhook_key',
  'x-api-key',
  'cookie',
  'set-cookie',
  'password',
  'key',
];

export function loggerOptions(name: string, level: string, extraSecretHeaders: string[] = []): LoggerOptions {
  const keys = [...SECRET_KEYS, ...extraSecretHeaders.map((header) => header.toLowerCase())];
  return {
    name,
    level,
    redact: {
      paths: keys.flatMap((key) => [
        `req.headers["${key}"]`,
        `headers["${key}"]`,
        `config["${key}"]`,
        `"${key}"`,
        `*["${key}"]`,
      ]),
      censor: '[redacted]',
    },
  };
}
