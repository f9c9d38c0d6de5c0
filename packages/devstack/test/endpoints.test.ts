import { describe, expect, it } from 'vitest';
import { endpoints, jdbcUrl, parseDatabaseUrl, redact } from '../src/endpoints';

describe('endpoints', () => {
  it('uses DATABASE_URL when set, the local default otherwise', () => {
    expect(endpoints({}).databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/shipfold');
    expect(endpoints({ DATABASE_URL: 'postgres://u@db:6543/x' }).databaseUrl).toBe('postgres://u@db:6543/x');
    expect(endpoints({}).kafkaBrokers).toBe('127.0.0.1:9092');
    expect(endpoints({}).schemaRegistryUrl).toBe('http://127.0.0.1:8081/apis/ccompat/v7');
  });
});

describe('parseDatabaseUrl', () => {
  it('reads host, port, database and credentials', () => {
    expect(parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/shipfold')).toEqual({
      host: '127.0.0.1',
      port: 5432,
      database: 'shipfold',
      user: 'postgres',
      password: '',
    });
    expect(parseDatabaseUrl('postgresql://a%40b:p%2Fw@db.internal/my%20db?sslmode=disable')).toEqual({
      host: 'db.internal',
      port: 5432,
      database: 'my db',
      user: 'a@b',
      password: 'p/w',
    });
    expect(parseDatabaseUrl('postgres://[::1]:5433/x').host).toBe('::1');
  });

  it.each([
    ['not a URL', 'shipfold'],
    ['another scheme', 'mysql://root@127.0.0.1/test'],
    ['no database', 'postgres://postgres@127.0.0.1:5432/'],
    ['a path, not a database', 'postgres://postgres@127.0.0.1:5432/a/b'],
  ])('rejects %s', (_, url) => expect(() => parseDatabaseUrl(url)).toThrow(/DATABASE_URL/));

  it('never puts the password in its messages', () => {
    expect(() => parseDatabaseUrl('mysql://u:s3cret@h/d')).toThrow(/^(?!.*s3cret)/);
    expect(redact('postgres://u:s3cret@h/d')).toBe('postgres://u:***@h/d');
  });
});

describe('jdbcUrl', () => {
  it('names the server of the target and the database asked for', () => {
    const target = parseDatabaseUrl('postgres://postgres@127.0.0.1:5432/shipfold');
    expect(jdbcUrl(target, 'shipfold_registry')).toBe('jdbc:postgresql://127.0.0.1:5432/shipfold_registry');
    expect(jdbcUrl(parseDatabaseUrl('postgres://p@[::1]:5433/x'), 'r')).toBe(
      'jdbc:postgresql://[::1]:5433/r',
    );
  });
});
