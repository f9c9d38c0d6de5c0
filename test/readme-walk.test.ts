import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The README names files and workspaces; this keeps it true as the code moves. */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const readme = readFileSync(`${ROOT}README.md`, 'utf8');

function section(name: string): string {
  const match = new RegExp(`<!-- ${name}:[^>]*-->([\\s\\S]*?)<!-- /${name} -->`).exec(readme);
  if (!match?.[1]) throw new Error(`README.md has no <!-- ${name}: … --> section`);
  return match[1];
}

/** Every workspace folder, from the root package.json's globs (`packages/*`) and plain entries (`cli`). */
function workspaces(): string[] {
  const globs: string[] = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).workspaces;
  return globs.flatMap((glob) =>
    glob.endsWith('/*')
      ? readdirSync(`${ROOT}${glob.slice(0, -2)}`, { withFileTypes: true })
          .filter(
            (entry) =>
              entry.isDirectory() && existsSync(`${ROOT}${glob.slice(0, -2)}/${entry.name}/package.json`),
          )
          .map((entry) => `${glob.slice(0, -2)}/${entry.name}`)
      : [glob],
  );
}

describe('README.md', () => {
  it('walks one webhook through files that exist, route to response, in at most a dozen steps', () => {
    const walk = section('walk');
    const steps = [...walk.matchAll(/^\d+\. `([^`]+)`/gm)].map((match) => match[1] as string);
    const mentioned = [...walk.matchAll(/`([\w./-]+\.ts)`/g)].map((match) => match[1] as string);
    expect(steps[0]).toBe('services/ingress/src/webhook-routes.ts');
    expect(steps.at(-1)).toBe('services/api/src/read-routes.ts');
    expect(steps.length).toBeLessThanOrEqual(12);
    expect(mentioned.filter((path) => !existsSync(`${ROOT}${path}`))).toEqual([]);
  });

  it('lists every workspace in its layout', () => {
    const layout = section('layout');
    const listed = new Set(
      [...layout.matchAll(/^([\w./-]+?)\/?\s{2,}/gm)].map((match) => match[1] as string),
    );
    expect(workspaces().filter((workspace) => !listed.has(workspace))).toEqual([]);
  });

  it('links the architecture document inside the repository, and nothing outside it', () => {
    expect(readme).toContain('](docs/architecture.md)');
    expect(existsSync(`${ROOT}docs/architecture.md`)).toBe(true);
    expect(readme).not.toMatch(/\]\(\.\.\//);
  });
});
