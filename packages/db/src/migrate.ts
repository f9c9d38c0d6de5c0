import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

/**
 * Every workspace that owns tables keeps their migrations beside them: `packages/<name>/migrations/`
 * (a package's tables, or those created before their package had its own folder) and
 * `packages/<name>/src/<projection>/migrations/` (one projection's). They run as one sequence, ordered
 * by the timestamp that starts each file name, so adding a folder never reorders what already ran.
 */
const PACKAGES_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const MIGRATION_GLOBS = [
  `${PACKAGES_DIR}*/migrations/*.sql`,
  `${PACKAGES_DIR}*/src/*/migrations/*.sql`,
];

export interface MigrateOptions {
  direction?: 'up' | 'down';
  /** Receives node-pg-migrate's progress lines; silent by default. */
  log?: (message: string) => void;
  /** How long to wait for another process's migration run to finish. */
  lockTimeoutMs?: number;
}

/**
 * Applies the SQL migrations of every package (MIGRATION_GLOBS; node-pg-migrate, tracked in the
 * `pgmigrations` table) and returns the names of those it applied.
 */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  // node-pg-migrate refuses to run while another process holds its advisory lock; services that
  // start together wait for each other instead (the later ones then find nothing left to apply).
  const deadline = Date.now() + (options.lockTimeoutMs ?? 60_000);
  for (;;) {
    try {
      return await runOnce(databaseUrl, options);
    } catch (error) {
      const locked = error instanceof Error && error.message.includes('Another migration is already running');
      if (!locked || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
}

async function runOnce(databaseUrl: string, { direction = 'up', log }: MigrateOptions): Promise<string[]> {
  const say = log ?? (() => undefined);
  const applied = await runner({
    databaseUrl,
    dir: MIGRATION_GLOBS,
    useGlob: true,
    direction,
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    count: direction === 'up' ? Number.POSITIVE_INFINITY : 1,
    logger: { info: say, warn: say, error: say, debug: () => undefined },
  });
  return applied.map((migration) => migration.name);
}
