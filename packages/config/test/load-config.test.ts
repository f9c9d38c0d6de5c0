import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ConfigError, httpEnv, kafkaEnv, loadConfig, logEnv, splitList } from '../src';

const schema = Type.Object({
  ...kafkaEnv,
  ...httpEnv(8080),
  ...logEnv,
  SECRET: Type.String({ minLength: 8 }),
});

describe('loadConfig', () => {
  it('fills local defaults and converts numbers', () => {
    const config = loadConfig(schema, { SECRET: 'abcdefgh', PORT: '9000' });
    expect(config).toMatchObject({ KAFKA_BROKERS: '127.0.0.1:9092', PORT: 9000, LOG_LEVEL: 'info' });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(schema, { SECRET: 'abcdefgh', PORT: '' }).PORT).toBe(8080);
  });

  it('reports every bad variable by name, never its value', () => {
    let error: unknown;
    try {
      loadConfig(schema, {
        SECRET: 'short-x',
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        TOPIC_PREFIX: 'bad prefix!',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['SECRET', 'PORT', 'LOG_LEVEL', 'TOPIC_PREFIX']) expect(message).toContain(name);
    expect(message).not.toContain('short-x');
  });

  it('rejects a missing required variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(/SECRET/);
  });

  it('splits comma lists and ignores blanks', () => {
    expect(splitList(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
  });
});
