import { describe, expect, it } from 'vitest';
import { candidatePaths, compareVersions } from './installed-nodes';

/** A fake file system: directory → entries. */
const dirs = (tree: Record<string, string[]>) => (dir: string) => tree[dir] ?? [];

describe('candidatePaths', () => {
  it('lists nvm, fnm and volta releases of the major, newest first, then node<major> and node on PATH', () => {
    const paths = candidatePaths({
      major: 24,
      env: { PATH: '/opt/homebrew/bin:/usr/bin' },
      home: '/Users/a',
      listDir: dirs({
        '/Users/a/.nvm/versions/node': ['v22.9.0', 'v24.2.0', 'v24.10.1', 'v240.0.0'],
        '/Users/a/Library/Application Support/fnm/node-versions': ['v24.1.0', '.downloads'],
        '/Users/a/.volta/tools/image/node': ['24.0.1', '26.0.0'],
      }),
    });
    expect(paths).toEqual([
      '/Users/a/.nvm/versions/node/v24.10.1/bin/node',
      '/Users/a/.nvm/versions/node/v24.2.0/bin/node',
      '/Users/a/Library/Application Support/fnm/node-versions/v24.1.0/installation/bin/node',
      '/Users/a/.volta/tools/image/node/24.0.1/bin/node',
      '/opt/homebrew/bin/node24',
      '/usr/bin/node24',
      '/opt/homebrew/bin/node',
      '/usr/bin/node',
    ]);
  });

  it('follows NVM_DIR, FNM_DIR and VOLTA_HOME, and the XDG data directory for fnm', () => {
    const listDir = dirs({
      '/n/versions/node': ['v26.0.0'],
      '/f/node-versions': ['v26.1.0'],
      '/x/fnm/node-versions': ['v26.2.0'],
      '/v/tools/image/node': ['26.3.0'],
    });
    const env = { NVM_DIR: '/n', FNM_DIR: '/f', VOLTA_HOME: '/v' };
    expect(candidatePaths({ major: 26, env, home: '/h', listDir })).toEqual([
      '/n/versions/node/v26.0.0/bin/node',
      '/f/node-versions/v26.1.0/installation/bin/node',
      '/v/tools/image/node/26.3.0/bin/node',
    ]);
    expect(candidatePaths({ major: 26, env: { XDG_DATA_HOME: '/x' }, home: '/h', listDir })).toEqual([
      '/x/fnm/node-versions/v26.2.0/installation/bin/node',
    ]);
  });

  it('is empty when nothing is installed and PATH is unset', () => {
    expect(candidatePaths({ major: 22, env: {}, home: '/h', listDir: () => [] })).toEqual([]);
  });
});

describe('compareVersions', () => {
  it('compares release numbers numerically', () => {
    expect(compareVersions('24.10.0', '24.9.9')).toBeGreaterThan(0);
    expect(compareVersions('24.1.0', '24.1.0')).toBe(0);
    expect(compareVersions('22.0.0', '24.0.0')).toBeLessThan(0);
  });
});
