import type { KnipConfig } from 'knip';

// Dependency hygiene of the npm workspaces, checked by `npm run check:deps` (part of `npm test`) in two
// passes: `knip` (all code, tests included: every dependency and devDependency is used, every import
// resolves, every binary a script runs is installed) and `knip --strict` (production code only, each
// workspace on its own: what src/ imports, `@shipfold/*` included, is in that workspace's own
// `dependencies`). Only the dependency issue types are checked (see the scripts in package.json).
const strict = process.argv.includes('--strict');

const config: KnipConfig = {
  workspaces: {
    // The root workspace owns test/ (cross-service tests), bench/ and scripts/, and the shared test and
    // build tools (vitest, fast-check, tsx, typescript, Biome).
    '.': {
      entry: ['bench/*.ts', 'scripts/*/run.ts'],
      vitest: true,
      // bench/ingress.ts loads autocannon through createRequire (it ships no types), which knip does
      // not follow. patch-package runs from the postinstall script: a production dependency (kafkajs
      // needs its patch wherever it is installed), which only the strict pass, looking at code alone,
      // does not see used.
      ignoreDependencies: ['autocannon', ...(strict ? ['patch-package'] : [])],
    },
    // Entries: what "exports" and the scripts in package.json name, the vitest plugin's test files.
    'packages/*': {
      vitest: true,
    },
    'packages/contracts': {
      entry: ['scripts/*.ts'],
      vitest: true,
    },
    'packages/devstack': {
      vitest: true,
      // Maven fetches Kafka and Apicurio Registry: a system tool, not an npm package.
      ignoreBinaries: ['mvn'],
    },
    // Each service's src/main.ts is started by `shipfold start` (cli/src/commands/start.ts).
    'services/*': {
      entry: ['src/main.ts!'],
      vitest: true,
    },
    cli: {
      entry: ['src/main.ts!'],
      vitest: true,
    },
  },
};

export default config;
