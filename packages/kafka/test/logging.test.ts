import { logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { kafkajsLogCreator, type Level, levelOf } from '../src/logging';

describe('levelOf', () => {
  it('keeps what kafkajs says of ordinary lines', () => {
    expect(levelOf(logLevel.ERROR, 'Crash: KafkaJSNonRetriableError: Topic authorization failed')).toBe(
      'error',
    );
    expect(levelOf(logLevel.WARN, 'Consumer group received unsubscribed topics')).toBe('warn');
    expect(levelOf(logLevel.INFO, 'Consumer has joined the group')).toBe('info');
    expect(levelOf(logLevel.DEBUG, 'Request Metadata(key: 3, version: 6)')).toBe('debug');
  });

  it('logs the weather of a starting cluster as news, not errors', () => {
    expect(levelOf(logLevel.ERROR, 'The group coordinator is not available')).toBe('info');
    expect(
      levelOf(logLevel.ERROR, "The coordinator is loading and hence can't process requests for this group"),
    ).toBe('info');
    expect(
      levelOf(
        logLevel.ERROR,
        'There is no leader for this topic-partition as we are in the middle of a leadership election',
      ),
    ).toBe('info');
    expect(levelOf(logLevel.WARN, 'The group is rebalancing, re-joining')).toBe('info');
  });

  it('logs a broker that is away as a warning', () => {
    expect(levelOf(logLevel.ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092')).toBe('warn');
    expect(levelOf(logLevel.ERROR, 'Restarting the consumer in 300ms')).toBe('warn');
    expect(levelOf(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: Connection timeout')).toBe('warn');
  });
});

describe('kafkajsLogCreator', () => {
  function capture() {
    const lines: { level: Level; details: Record<string, unknown>; message: string }[] = [];
    const record = (level: Level) => (details: Record<string, unknown>, message: string) =>
      lines.push({ level, details, message });
    const log = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    return { lines, log };
  }
  const entry = (message: string, extra: Record<string, unknown> = {}) => ({
    namespace: 'Consumer',
    level: logLevel.ERROR,
    label: 'ERROR',
    log: { timestamp: '2026-01-01T00:00:00.000Z', message, ...extra },
  });

  it('writes through the logger with the namespace and details, without the timestamp', () => {
    const { lines, log } = capture();
    kafkajsLogCreator(log)()(entry('Crash: KafkaJSNonRetriableError: boom', { groupId: 'g' }));
    expect(lines).toEqual([
      {
        level: 'error',
        details: { logger: 'kafkajs', namespace: 'Consumer', groupId: 'g' },
        message: 'Crash: KafkaJSNonRetriableError: boom',
      },
    ]);
  });

  it('logs a repeating line once per 30 s, then with the count it held back', () => {
    const { lines, log } = capture();
    let now = 0;
    const write = kafkajsLogCreator(log, () => now)();
    const refused = () => write(entry('Connection error: connect ECONNREFUSED 127.0.0.1:9092'));
    refused();
    for (now = 1000; now < 29_000; now += 1000) refused();
    expect(lines).toHaveLength(1);
    write(entry('another message'));
    expect(lines).toHaveLength(2);
    now = 30_000;
    refused();
    expect(lines).toHaveLength(3);
    expect(lines[2]?.details.repeated).toBe(28);
  });
});
