// Node.js binaries of one major already on the machine: installed with nvm, fnm or volta, or on
// PATH as node<major> or node. Used where there is no official npm build (macOS arm64).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Where {
  major: number;
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** Entries of a directory; [] when it does not exist. */
  listDir: (dir: string) => readonly string[];
}

/** Paths where a Node.js of `major` may be, best first: the version managers (newest release of the
 * major first), then PATH. Pure given listDir; the runner checks each one's --version. */
export function candidatePaths({ major, env, home, listDir }: Where): string[] {
  const releases = (dir: string, prefix: string) =>
    listDir(dir)
      .filter((name) => name.startsWith(`${prefix}${major}.`))
      .sort((a, b) => compareVersions(b.slice(prefix.length), a.slice(prefix.length)));

  const paths: string[] = [];
  const nvm = join(env.NVM_DIR || join(home, '.nvm'), 'versions', 'node');
  for (const v of releases(nvm, 'v')) paths.push(join(nvm, v, 'bin', 'node'));

  const fnmDirs = env.FNM_DIR
    ? [env.FNM_DIR]
    : [
        join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'fnm'),
        join(home, 'Library', 'Application Support', 'fnm'),
      ];
  for (const fnm of fnmDirs) {
    const versions = join(fnm, 'node-versions');
    for (const v of releases(versions, 'v')) paths.push(join(versions, v, 'installation', 'bin', 'node'));
  }

  const volta = join(env.VOLTA_HOME || join(home, '.volta'), 'tools', 'image', 'node');
  for (const v of releases(volta, '')) paths.push(join(volta, v, 'bin', 'node'));

  const pathDirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of [`node${major}`, 'node']) {
    for (const dir of pathDirs) paths.push(join(dir, name));
  }
  return [...new Set(paths)];
}

/** Compares dotted release numbers ("24.1.10" > "24.1.9"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The executable candidates whose `--version` reports `major`, best first. */
export function findInstalled(major: number): string[] {
  const where: Where = {
    major,
    env: process.env,
    home: homedir(),
    listDir: (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
  return candidatePaths(where).filter((path) => isExecutable(path) && nodeVersion(path)?.major === major);
}

/** `v24.1.0` from `<nodePath> --version`, or undefined when it does not run. */
export function nodeVersion(nodePath: string): { text: string; major: number } | undefined {
  const r = spawnSync(nodePath, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  const text = r.status === 0 ? r.stdout.trim() : '';
  const m = /^v(\d+)\./.exec(text);
  return m?.[1] === undefined ? undefined : { text, major: Number(m[1]) };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
