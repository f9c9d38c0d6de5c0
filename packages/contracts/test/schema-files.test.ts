import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderSchemaFiles } from '../src';

const dir = fileURLToPath(new URL('../../../schemas', import.meta.url));

describe('schemas/', () => {
  const rendered = renderSchemaFiles();

  it('is up to date with the TypeBox contracts (run `npm run schemas` after changing them)', async () => {
    const committed = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
    expect(committed).toEqual([...rendered.keys()].sort());
    for (const [name, text] of rendered) expect(await readFile(`${dir}/${name}`, 'utf8'), name).toBe(text);
  });

  it('compiles in a strict, plugin-free JSON Schema validator, as any consumer would use', () => {
    for (const [name, text] of rendered) {
      expect(
        () => new Ajv({ strict: true, allowUnionTypes: true }).compile(JSON.parse(text)),
        name,
      ).not.toThrow();
    }
  });
});
