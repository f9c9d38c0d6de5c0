import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from '@shipfold/test-support/integration';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, dropDatabase, migrate } from '../src';

const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));

/** Every migration file of every package, found here independently of the runner's globs. */
async function migrationFiles(): Promise<string[]> {
  const found: string[] = [];
  const sqlIn = async (dir: string) =>
    (await readdir(dir).catch(() => []))
      .filter((name) => name.endsWith('.sql'))
      .map((name) => name.slice(0, -4));
  for (const name of await readdir(PACKAGES)) {
    found.push(...(await sqlIn(`${PACKAGES}${name}/migrations`)));
    for (const sub of await readdir(`${PACKAGES}${name}/src`).catch(() => [])) {
      found.push(...(await sqlIn(`${PACKAGES}${name}/src/${sub}/migrations`)));
    }
  }
  return found;
}

/** The migrations applied before the read model had its own packages: their names must never change. */
const HISTORIC = [
  '20261123091613_projections',
  '20261123092755_poller',
  '20261123093755_shipments_merge_in_sql',
];

const created: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((url) => dropDatabase(url)));
});

describe('migrations', () => {
  it('apply every migration file to a fresh database, once', async () => {
    const url = await freshDatabase({ migrated: false });
    created.push(url);
    const files = await migrationFiles();
    expect(files).toEqual(expect.arrayContaining(HISTORIC));

    // One global order, by the timestamp each name starts with, whichever package holds the file.
    const applied = await migrate(url);
    expect(applied).toEqual([...files].sort());
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
    expect(total).toBe((await migrationFiles()).length);
  });
});
