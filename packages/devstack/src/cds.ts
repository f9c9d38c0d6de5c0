import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JavaRuntime } from './java';

/**
 * JVM flags for class-data sharing: the classes a run loads are archived once and mapped by later runs,
 * which then start with about half the CPU (this matters on two busy cores). From JDK 19 the JVM keeps
 * the archive itself; before, the first run writes it when it exits and later runs read it.
 */
export function cdsFlags(major: number, archive: string, archiveExists: boolean): string[] {
  if (major >= 19) return [`-XX:SharedArchiveFile=${archive}`, '-XX:+AutoCreateSharedArchive'];
  return archiveExists ? [`-XX:SharedArchiveFile=${archive}`] : [`-XX:ArchiveClassesAtExit=${archive}`];
}

/**
 * The flags for one component, with an archive in its state folder named after the JDK build and the
 * fetched runtime: an archive only fits the exact JDK and class path it was made with, and a JDK 17 does
 * not remake a stale one, so a new JDK or runtime gets a new file and the old ones go.
 */
export function classDataSharing(java: JavaRuntime, runtimeDir: string, stateDir: string): string[] {
  const release = readFileSync(join(java.home, 'release'), 'utf8');
  const key = createHash('sha256')
    .update(`${java.home}\0${release}\0${runtimeDir}`)
    .digest('hex')
    .slice(0, 12);
  const name = `cds-${key}.jsa`;
  for (const file of readdirSync(stateDir)) {
    if (file.endsWith('.jsa') && file !== name) rmSync(join(stateDir, file), { force: true });
  }
  const archive = join(stateDir, name);
  return cdsFlags(java.major, archive, existsSync(archive));
}
