/** One artifact Maven reports it downloaded: `Downloaded from central: <url> (<size> at <speed>)`. */
export interface Download {
  file: string;
  size: string;
}

/** Picks the downloads of jars and archives out of Maven's batch-mode output (poms are noise). */
export function parseMavenDownload(line: string): Download | undefined {
  const match = /Downloaded from [^:]+: (\S+) \(([^)]*?)(?: at [^)]*)?\)/.exec(line);
  if (!match?.[1] || match[2] === undefined) return undefined;
  const file = match[1].slice(match[1].lastIndexOf('/') + 1);
  if (!/\.(jar|tar\.gz|zip)$/.test(file)) return undefined;
  return { file, size: match[2].trim() };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
