import { defineConfig } from 'vitest/config';

/**
 * The unit tests of the pure core, for mutation testing (stryker.config.mjs): each mutant runs only the
 * tests that cover it, and none of these tests needs Kafka or PostgreSQL.
 */
export default defineConfig({
  test: {
    include: ['packages/domain/test/**/*.test.ts', 'packages/mapping/test/**/*.test.ts'],
    exclude: ['**/*.int.test.ts', '**/node_modules/**'],
  },
});
