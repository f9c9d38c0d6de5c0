import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export interface JavaRuntime {
  home: string;
  major: number;
}

/** Major version from a JDK's `release` file (`JAVA_VERSION="17.0.15"`, or `"1.8.0_392"` for 8). */
export function parseJavaRelease(text: string): number | undefined {
  const match = /^JAVA_VERSION="(\d+)(?:\.(\d+))?/m.exec(text);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** The first candidate new enough, in the order given (the order says what is preferred). */
export function chooseJava(candidates: readonly JavaRuntime[], minMajor: number): JavaRuntime | undefined {
  return candidates.find((candidate) => candidate.major >= minMajor);
}

function describe(home: string): JavaRuntime | undefined {
  try {
    const major = parseJavaRelease(readFileSync(join(home, 'release'), 'utf8'));
    return major !== undefined && existsSync(join(home, 'bin', 'java')) ? { home, major } : undefined;
  } catch {
    return undefined;
  }
}

function homeOfJavaOnPath(env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const java = join(dir, 'java');
    if (dir && existsSync(java)) return dirname(dirname(realpathSync(java)));
  }
  return undefined;
}

/** JDKs installed side by side (Debian's /usr/lib/jvm, macOS), oldest first. */
function installedJdks(): JavaRuntime[] {
  const roots = ['/usr/lib/jvm', '/Library/Java/JavaVirtualMachines'];
  const found: JavaRuntime[] = [];
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root)) {
      const runtime = describe(join(root, entry)) ?? describe(join(root, entry, 'Contents', 'Home'));
      if (runtime) found.push(runtime);
    }
  }
  return found.sort((a, b) => a.major - b.major);
}

/**
 * A Java runtime of at least `minMajor`: `overrideVar` (a JAVA_HOME for this component alone), then
 * JAVA_HOME, the `java` on PATH, then the side-by-side JDKs, oldest new-enough first.
 */
export function findJava(
  minMajor: number,
  overrideVar: string,
  env: NodeJS.ProcessEnv = process.env,
): JavaRuntime {
  const override = env[overrideVar];
  if (override) {
    const runtime = describe(override);
    if (!runtime || runtime.major < minMajor) {
      throw new Error(
        `${overrideVar}=${override} is not a Java ${minMajor}+ home (no bin/java or release file, or older)`,
      );
    }
    return runtime;
  }
  const homes = [env.JAVA_HOME, homeOfJavaOnPath(env)].filter((home): home is string => Boolean(home));
  const candidates = [
    ...homes.map(describe).filter((r): r is JavaRuntime => r !== undefined),
    ...installedJdks(),
  ];
  const chosen = chooseJava(candidates, minMajor);
  if (!chosen) {
    const seen = candidates.map((c) => `${c.home} (${c.major})`).join(', ') || 'none';
    throw new Error(
      `needs Java ${minMajor} or newer; found: ${seen}. Set ${overrideVar} to a JDK ${minMajor}+ home.`,
    );
  }
  return chosen;
}

export const javaBinary = (runtime: JavaRuntime) => join(runtime.home, 'bin', 'java');
