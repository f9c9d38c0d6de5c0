// Every `@shipfold/*` import is declared in the importing workspace's own package.json, checked by
// `npm run check:manifests` (part of `npm test`) next to knip.
//
// knip checks this for production code (`knip --strict`), but for test code it accepts any workspace
// package as long as the importing workspace is private (all of ours are). This pass closes that gap:
// with `preserveSymlinks: true`, an `@shipfold/x` import resolves to node_modules/@shipfold/x/… like any
// npm package, and dependency-cruiser looks it up in the closest package.json of the importing file
// (the workspace's; the root's for test/, bench/ and scripts/). The architecture rules themselves are
// in .dependency-cruiser.cjs, which resolves the same imports to their real paths instead.

const base = require('./.dependency-cruiser.cjs');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'workspace-import-declared',
      severity: 'error',
      comment:
        'This file imports a shipfold workspace that its own package.json does not declare. Add it with ' +
        'version "*": to "dependencies" when src/ imports it, to "devDependencies" when only tests, ' +
        'benchmarks or scripts do (for the root folders test/, bench/ and scripts/: the root package.json).',
      from: {},
      to: { path: '(?:^|/)node_modules/@shipfold/', dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: { ...base.options, preserveSymlinks: true },
};
