// Runs the unit and property tests (vitest's `unit` project) again on the other Node.js majors users
// run, after `npm test` has run everything on the machine's own Node.js. Official builds come from
// the npm registry, cached per major in $SHIPFOLD_CACHE_DIR/node (default ~/.cache/shipfold/node);
// choose-build.ts decides what happens where there is none. Arguments go to vitest
// (`npm run test:node-versions -- scripts/`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { chooseBuild } from './choose-build';
import { findInstalled, nodeVersion } from './installed-nodes';
import { type Outcome, summarize } from './summary';

const majors = [22, 24, 26];

const root = resolve(import.meta.dirname, '..', '..');
const cache = join(process.env.SHIPFOLD_CACHE_DIR || join(homedir(), '.cache', 'shipfold'), 'node');
const vitestArgs = process.argv.slice(2);

function testMajor(major: number): Outcome {
  const situation = { platform: process.platform, arch: process.arch, major, found: findInstalled(major) };
  let plan = chooseBuild(situation);
  if (plan.kind === 'install') {
    const installed = install(major, plan.packageName, plan.spec);
    if (typeof installed === 'string') return runUnitTests(major, installed);
    plan = chooseBuild({ ...situation, installFailure: installed.failure });
  }
  if (plan.kind === 'use') return runUnitTests(major, plan.nodePath);
  if (plan.kind === 'untested') return { major, kind: 'untested', reason: plan.reason, fatal: plan.fatal };
  throw new Error(`chooseBuild asked to install ${plan.spec} again after it failed`);
}

/** The path of the official build's node binary, installed into the cache unless already there. */
function install(major: number, packageName: string, spec: string): string | { failure: string } {
  const dir = join(cache, String(major));
  const nodePath = join(dir, 'node_modules', packageName, 'bin', 'node');
  if (existsSync(nodePath) && nodeVersion(nodePath)?.major === major) return nodePath;
  console.error(`fetching Node.js ${major} (${spec} from the npm registry) into ${dir}`);
  mkdirSync(dir, { recursive: true });
  const args = ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund'];
  // npm's own report goes to stderr with the other progress lines; its errors stay visible.
  const r = spawnSync('npm', [...args, '--loglevel=error', spec], {
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (r.status !== 0) return { failure: r.error ? r.error.message : exitText(r.status, r.signal) };
  if (nodeVersion(nodePath)?.major !== major)
    return { failure: `${nodePath} does not run as Node.js ${major}` };
  return nodePath;
}

function runUnitTests(major: number, nodePath: string): Outcome {
  const version = nodeVersion(nodePath)?.text ?? `${major} (${nodePath})`;
  console.error(`unit tests on Node.js ${version} (${nodePath})`);
  const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
  const r = spawnSync(nodePath, [vitest, 'run', '--project', 'unit', ...vitestArgs], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status === 0) return { major, kind: 'passed', version };
  return { major, kind: 'failed', version, detail: r.error ? r.error.message : exitText(r.status, r.signal) };
}

function exitText(status: number | null, signal: NodeJS.Signals | null): string {
  return status === null ? `killed by ${signal}` : `exit code ${status}`;
}

const { lines, ok } = summarize(majors.map(testMajor));
for (const line of lines) console.error(line);
process.exitCode = ok ? 0 : 1;
