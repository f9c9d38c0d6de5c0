import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { ValueError } from '@sinclair/typebox/errors';
import { type PathSegment, reject } from './rejection';
import { isRecord } from './tolerant';

/**
 * A compiled vendor schema as a check: rejects a payload that does not have the schema's structure
 * (`schema-violation` at the first offending path). Scalars are read afterwards by the tolerant reader.
 */
export function structureCheck(schema: TSchema, what: string): (value: unknown) => void {
  const check = TypeCompiler.Compile(schema);
  return (value) => {
    if (check.Check(value)) return;
    const error = deepest(check.Errors(value).First());
    const message = error ? lowerFirst(error.message) : 'does not match its schema';
    reject('schema-violation', `not a ${what}: ${message}`, error ? pathOf(value, error.path) : []);
  };
}

const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * A union (`X | null`, the shapes of a track-order entry) fails as a whole at its own path; the variant
 * that got furthest into the value names the offending field best.
 */
function deepest(error: ValueError | undefined): ValueError | undefined {
  let best = error;
  for (const variant of error?.errors ?? []) {
    const candidate = deepest(variant.First());
    if (candidate && best && candidate.path.length > best.path.length) best = candidate;
  }
  return best;
}

/** Turns TypeBox's JSON Pointer into path segments, reading list indexes as numbers. */
function pathOf(root: unknown, pointer: string): PathSegment[] {
  const path: PathSegment[] = [];
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(key));
      node = node[Number(key)];
    } else {
      path.push(key);
      node = isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
    }
  }
  return path;
}
