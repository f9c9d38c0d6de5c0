// The closing lines of a run over the Node.js majors, and whether the step passed. Pure.

export type Outcome =
  | { major: number; kind: 'passed'; version: string }
  | { major: number; kind: 'failed'; version: string; detail: string }
  | { major: number; kind: 'untested'; reason: string; fatal: boolean };

export function summarize(outcomes: readonly Outcome[]): { lines: string[]; ok: boolean } {
  const lines: string[] = [];
  const passed = outcomes.flatMap((o) => (o.kind === 'passed' ? [o.version] : []));
  lines.push(`unit tests passed on Node.js: ${passed.length > 0 ? passed.join(', ') : 'none'}`);
  let ok = true;
  for (const o of outcomes) {
    if (o.kind === 'failed') {
      ok = false;
      lines.push(`error: unit tests failed on Node.js ${o.version} (${o.detail})`);
    } else if (o.kind === 'untested') {
      if (o.fatal) ok = false;
      lines.push(`${o.fatal ? 'error' : 'warning'}: not tested on Node.js ${o.major}: ${o.reason}`);
    }
  }
  return { lines, ok };
}
