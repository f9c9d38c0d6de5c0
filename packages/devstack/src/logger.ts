/**
 * Progress goes to stderr, so that stdout carries only what a command answers (the status table,
 * the endpoints) and can be parsed.
 */
export const log = {
  info: (message: string) => process.stderr.write(`[devstack] ${message}\n`),
  warn: (message: string) => process.stderr.write(`[devstack] warning: ${message}\n`),
};
