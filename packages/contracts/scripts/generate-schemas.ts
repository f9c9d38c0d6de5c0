import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSchemaFiles } from '../src/schema-files';

const dir = fileURLToPath(new URL('../../../schemas', import.meta.url));
await mkdir(dir, { recursive: true });
const files = renderSchemaFiles();
for (const stale of (await readdir(dir)).filter((name) => name.endsWith('.json') && !files.has(name))) {
  await rm(join(dir, stale));
}
for (const [name, text] of files) await writeFile(join(dir, name), text);
console.log(`wrote ${files.size} schemas to ${dir}`);
