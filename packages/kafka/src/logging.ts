import { type LogEntry, logLevel } from 'kafkajs';

/** The slice of a pino logger this package logs through. */
export interface KafkaLog {
  debug(details: Record<string, unknown>, message: string): void;
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}

export type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * kafkajs logs every retry of a broker that is starting or moving a partition as an ERROR. These are
 * the normal weather of a cluster (a coordinator still loading at start-up, a leader election, a
 * rebalance): kafkajs retries them by itself, so they are news, not failures.
 */
const ROUTINE = [
  /coordinator is loading/i,
  /group coordinator is not available/i,
  /not the correct coordinator/i,
  /there is no leader for this topic-partition/i,
  /not the leader for (that|this) topic-partition/i,
  /leader not available/i,
  /the group is rebalancing/i,
  /rebalance in progress/i,
  /this is not the correct coordinator/i,
];

/**
 * A broker that cannot be reached is a dependency away, which every service rides out (it reports
 * not-ready and retries): a warning, not an error.
 */
const AWAY = [
  /connection error/i,
  /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|EPIPE/,
  /connection timeout/i,
  /failed to connect/i,
  /closed connection/i,
  /request .* timed out/i,
  /Crash: KafkaJSNumberOfRetriesExceeded/,
  /Restarting the consumer/,
];

/** The level a kafkajs log line deserves (see ROUTINE and AWAY). */
export function levelOf(kafkajsLevel: number, message: string): Level {
  const stated: Level =
    kafkajsLevel <= logLevel.ERROR
      ? 'error'
      : kafkajsLevel === logLevel.WARN
        ? 'warn'
        : kafkajsLevel === logLevel.INFO
          ? 'info'
          : 'debug';
  if (stated === 'debug' || stated === 'info') return stated;
  if (ROUTINE.some((pattern) => pattern.test(message))) return 'info';
  if (stated === 'error' && AWAY.some((pattern) => pattern.test(message))) return 'warn';
  return stated;
}

/** How long a repeated line (same namespace and message) stays quiet after it was logged. */
const REPEAT_WINDOW_MS = 30_000;

/**
 * A kafkajs log creator that writes through the service's pino logger, at honest levels, and logs a
 * line that repeats (one per retry while a broker is away) once per 30 s with the count of the
 * repeats it held back.
 */
export function kafkajsLogCreator(log: KafkaLog, now: () => number = Date.now) {
  const seen = new Map<string, { at: number; held: number }>();
  return () =>
    ({ namespace, level, log: entry }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...details } = entry;
      const key = `${namespace}\u0000${message}`;
      const last = seen.get(key);
      const at = now();
      if (last && at - last.at < REPEAT_WINDOW_MS) {
        last.held++;
        return;
      }
      if (seen.size > 1000) seen.clear();
      seen.set(key, { at, held: 0 });
      const repeated = last?.held ? { repeated: last.held } : {};
      // The reason is often in the error field ("Response InitProducerId …", error: "…coordinator is loading").
      const judged = levelOf(level, `${message} ${typeof details.error === 'string' ? details.error : ''}`);
      log[judged]({ logger: 'kafkajs', namespace, ...details, ...repeated }, message);
    };
}
