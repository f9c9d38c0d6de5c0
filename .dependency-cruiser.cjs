// Architecture rules for shipfold, checked by `npm run check:deps` (part of `npm test`).
//
// Layers, top to bottom: the root's test/, bench/ and scripts/ → cli/ → services/* → packages/* →
// packages/contracts. A layer may import the layers below it and never those above it.
//
// Workspaces import each other by package name (`@shipfold/projections`); node_modules/@shipfold/* are
// symlinks to the folders, and with `preserveSymlinks: false` (the default, set below on purpose) every
// such import resolves to its real path (`packages/projections/src/index.ts`), which is what the
// paths in these rules match. `not-to-unresolvable` guards that: an import that resolves nowhere could
// not be checked by any other rule. (That each workspace declares the `@shipfold/*` packages it imports
// is checked by .dependency-cruiser.manifests.cjs, which needs the symlinks kept instead.)

/** A workspace folder: packages/<name>, services/<name> or cli (alternatives, to put in a group). */
const WORKSPACE = 'packages/[^/]+|services/[^/]+|cli';
/** A test file: anything in a test/ folder, or a *.test.ts file wherever it is. */
const TEST_FILE = '(?:^|/)test/|\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'packages-not-to-services-or-cli',
      severity: 'error',
      comment:
        'packages/* are the libraries the services are built from: they must not import a service or the ' +
        'cli (dependencies point down: cli → services → packages → contracts). Move what both need into a ' +
        'package.',
      from: { path: '^packages/' },
      to: { path: '^(?:services|cli)/' },
    },
    {
      name: 'services-not-to-cli',
      severity: 'error',
      comment:
        'The cli sits above the services and drives them; a service must not import the cli. Move what ' +
        'both need into a package.',
      from: { path: '^services/' },
      to: { path: '^cli/' },
    },
    {
      name: 'no-service-to-other-service',
      severity: 'error',
      comment:
        'Each service is its own deployable process and talks to the others only through Kafka topics, ' +
        'HTTP or the database: it must not import another service. Move the shared code into a package.',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'contracts-is-the-bottom',
      severity: 'error',
      comment:
        'packages/contracts is the bottom layer that every other workspace builds on: it imports no other ' +
        'workspace (nor the root test/, bench/ or scripts/), only npm packages.',
      from: { path: '^packages/contracts/' },
      to: {
        path: `^(?:${WORKSPACE}|test|bench|scripts)/`,
        pathNot: '^packages/contracts/',
      },
    },
    {
      name: 'workspaces-not-to-root-tooling',
      severity: 'error',
      comment:
        "The root's bench/ and scripts/ sit on top of everything: no workspace imports them. Move what a " +
        'workspace needs from there into a package.',
      from: { path: `^(?:${WORKSPACE})/` },
      to: { path: '^(?:bench|scripts)/' },
    },
    {
      name: 'no-test-of-another-workspace',
      severity: 'error',
      comment:
        "A workspace's test/ folder is private to it: another workspace (or the root's test/, bench/, " +
        'scripts/) must not import it. Shared test support belongs in @shipfold/test-support.',
      from: { path: `^(${WORKSPACE})/` },
      // `(?:…/|)`: a workspace's test/ folder or the root's.
      to: { path: `^(?:packages/[^/]+/|services/[^/]+/|cli/|)test/`, pathNot: '^$1/test/' },
    },
    {
      name: 'root-not-to-workspace-test',
      severity: 'error',
      comment:
        "A workspace's test/ folder is private to it: the root's test/, bench/ and scripts/ must not " +
        'import it. Shared test support belongs in @shipfold/test-support.',
      from: { path: '^(?:test|bench|scripts)/' },
      to: { path: `^(?:${WORKSPACE})/test/` },
    },
    {
      name: 'src-not-to-test',
      severity: 'error',
      comment:
        'Production code (src/) must never import test code (a test/ folder or a *.test.ts file): it would ' +
        'ship test-only code and dependencies. Shared test support belongs in @shipfold/test-support.',
      from: { path: `^(?:${WORKSPACE})/src/` },
      to: { path: TEST_FILE },
    },
    {
      name: 'bench-not-to-test',
      severity: 'error',
      comment:
        'The benchmarks run outside vitest: they must not import test files (test/ folders, *.test.ts), ' +
        'which pull in vitest and test-only state. Use @shipfold/test-support (builders, histories).',
      from: { path: '^bench/' },
      to: { path: TEST_FILE },
    },
    {
      name: 'kafkajs-only-in-packages-kafka',
      severity: 'error',
      comment:
        'kafkajs is wrapped by @shipfold/kafka (packages/kafka): everything else, tests and benchmarks ' +
        'included, uses that package, so the client, its settings and its logging are in one place. The ' +
        'one exception is examples/ (examples written for consuming teams).',
      from: { pathNot: '^(?:packages/kafka|examples)/' },
      to: { path: '(?:^|/)node_modules/kafkajs/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Source files must not depend on each other in a cycle (directly or through other files): cycles ' +
        'make the load order matter and the modules impossible to understand on their own. Break the ' +
        'cycle by moving the shared part into a module both can import.',
      from: { path: `^(?:${WORKSPACE})/src/` },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment:
        'A file that imports nothing and that nothing imports is dead code, or something whose import was ' +
        'lost: remove it, or import it where it belongs.',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '(?:^|/)\\.[^/]+\\.(?:js|cjs|mjs|ts)$'] },
      to: {},
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that resolves to no file on disk: a typo, a package that is not installed, or a ' +
        'workspace whose "exports" do not name the path. The other rules cannot check what does not resolve.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^schemas/', '(?:^|/)fixtures/'] },
    // Also count type-only imports (`import type`): a type from another layer couples it just the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Resolve node_modules/@shipfold/* symlinks to packages/… and services/… (see the top of this file).
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
