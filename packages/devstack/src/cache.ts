import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { cacheDir, type ManagedName, packageDir, paths } from './layout';
import { log } from './logger';
import { formatBytes, parseMavenDownload } from './maven-output';

/** How a fetched component is laid out in its cache folder. */
export type CacheLayout =
  /** Every jar of the dependency tree in `lib/` (a class path). */
  | 'jars'
  /** The one archive the pom names, unpacked into `app/`. */
  | 'archive';

const completeMarker = '.complete';

/** A folder per pom content: editing a pom (a version bump) fetches anew, and old folders stay harmless. */
export function cacheKey(name: string, pomText: string): string {
  return `${name}-${createHash('sha256').update(pomText).digest('hex').slice(0, 12)}`;
}

/**
 * The cached runtime of a component, fetched through Maven on first use. A fetch lands in a temporary
 * folder renamed into place when complete, so an interrupted fetch is simply redone.
 */
export async function cachedRuntime(name: ManagedName, layout: CacheLayout): Promise<string> {
  const pom = paths.pom(name);
  const dir = join(cacheDir(), cacheKey(name, await readFile(pom, 'utf8')));
  if (existsSync(join(dir, completeMarker))) return dir;

  const partial = `${dir}.partial-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  const started = Date.now();
  log.info(`fetching ${name} from Maven Central (${relative(packageDir, pom)}) into ${dir}`);
  const lib = join(partial, 'lib');
  await runMaven(name, pom, lib);
  if (layout === 'archive') await unpackArchive(lib, join(partial, 'app'));
  await writeFile(join(partial, completeMarker), `${new Date().toISOString()}\n`);
  if (existsSync(join(dir, completeMarker))) {
    // Another `stack:up` finished the same fetch meanwhile: keep its copy.
    await rm(partial, { recursive: true, force: true });
    return dir;
  }
  await rm(dir, { recursive: true, force: true });
  await rename(partial, dir);
  const { files, bytes } = await measure(dir);
  log.info(`fetched ${name}: ${files} files, ${formatBytes(bytes)} on disk, in ${seconds(started)}`);
  return dir;
}

async function runMaven(name: string, pom: string, outputDir: string): Promise<void> {
  const args = [
    '-B',
    '-Dstyle.color=never',
    '-f',
    pom,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${outputDir}`,
    '-DincludeScope=runtime',
  ];
  const child = spawn('mvn', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const recent: string[] = [];
  const started = Date.now();
  const heartbeat = setInterval(() => log.info(`  still fetching ${name} (${seconds(started)})`), 15_000);
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 40) recent.shift();
    const download = parseMavenDownload(line);
    if (download) log.info(`  downloaded ${download.file} (${download.size})`);
  };
  createInterface({ input: child.stdout }).on('line', remember);
  createInterface({ input: child.stderr }).on('line', remember);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) {
      throw new Error(`mvn exited with ${code} while fetching ${name}:\n${recent.join('\n')}`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('Maven (mvn) is not on PATH: the local stack fetches Kafka and Apicurio through it');
    }
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

async function unpackArchive(from: string, to: string): Promise<void> {
  const archives = (await readdir(from)).filter((file) => file.endsWith('.tar.gz'));
  if (archives.length !== 1 || !archives[0]) {
    throw new Error(`expected exactly one .tar.gz in ${from}, found ${archives.length}`);
  }
  await mkdir(to, { recursive: true });
  log.info(`  unpacking ${archives[0]}`);
  await new Promise<void>((resolve, reject) => {
    const tar = spawn('tar', ['-xzf', join(from, archives[0] as string), '-C', to], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    tar.once('error', reject);
    tar.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}`))));
  });
  // The unpacked tree is what runs; keeping the archive too would double the cache's size.
  await rm(from, { recursive: true, force: true });
}

async function measure(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
