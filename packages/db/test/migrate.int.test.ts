import { readdir } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/fresh';
import { createPool, dropDatabase, MIGRATIONS_DIR, migrate } from '../src';

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((url) => dropDatabase(url)));
});

describe('migrations', () => {
  it('apply every migration file to a fresh database, once', async () => {
    const url = await freshDatabase({ migrated: false });
    created.push(url);
    const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql'));
    expect(files.length).toBeGreaterThan(0);

    const applied = await migrate(url);
    expect(applied.sort()).toEqual(files.map((name) => name.replace(/\.sql$/, '')).sort());
    expect(await migrate(url)).toEqual([]);

    const pool = createPool(url);
    try {
      const { rows } = await pool.query<{ count: string }>('SELECT count(*) FROM pgmigrations');
      expect(Number(rows[0]?.count)).toBe(files.length);
    } finally {
      await pool.end();
    }
  });

  it('are safe to run from several processes at once (advisory lock)', async () => {
    const url = await freshDatabase({ migrated: false });
    created.push(url);
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const total = results.reduce((sum, names) => sum + names.length, 0);
    const files = (await readdir(MIGRATIONS_DIR)).filter((name) => name.endsWith('.sql'));
    expect(total).toBe(files.length);
  });
});
