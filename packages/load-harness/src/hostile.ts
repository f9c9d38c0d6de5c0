import type { Prng } from '@shipfold/clickpost-simulator';
import type { LoadDelivery, Vendor } from './load-plan';

/**
 * Hostile input at volume: the vendors' payloads mutated (fields dropped, renamed, retyped, set to
 * hostile values), every leaf of another type, bodies over the size limit, nesting far deeper than any
 * mapping reads, bytes that are not UTF-8 (or UTF-16, or NULs), a wrong content type, random bytes, and,
 * mixed in, valid deliveries that must land. Deterministic from the PRNG. Pure.
 */

export type HostileKind =
  | 'valid'
  | 'mutated'
  | 'wrong-types'
  | 'oversized'
  | 'deep'
  | 'bad-encoding'
  | 'wrong-content-type'
  | 'random-bytes';

export interface HostilePayload {
  kind: HostileKind;
  vendor: Vendor;
  body: Buffer;
  contentType: string;
  /** For `valid`: the delivery it is (its events must be stored). */
  delivery?: LoadDelivery;
}

/** Share of each kind among the payloads; the rest (after these) are `mutated`. */
const MIX: readonly [HostileKind, number][] = [
  ['valid', 0.1],
  ['wrong-types', 0.1],
  ['oversized', 0.002],
  ['deep', 0.05],
  ['bad-encoding', 0.08],
  ['wrong-content-type', 0.03],
  ['random-bytes', 0.05],
];

const HOSTILE_VALUES: readonly unknown[] = [
  null,
  '',
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  [],
  {},
  'x'.repeat(10_000),
  '\u0000\u202e\ud800',
  '<script>alert(1)</script>',
  "'; DROP TABLE shipments; --",
  '9999-99-99T99:99:99Z',
  '2024-02-30 25:61:61',
  '../../etc/passwd',
  { __proto__: { polluted: true } },
  { constructor: { prototype: { polluted: true } } },
  [[[[[]]]]],
  '💥'.repeat(100),
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function pickKind(prng: Prng): HostileKind {
  let roll = prng.next();
  for (const [kind, share] of MIX) {
    roll -= share;
    if (roll < 0) return kind;
  }
  return 'mutated';
}

/** Every container path of a JSON value, the root included. */
function paths(
  value: Json,
  path: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(path);
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) paths(item, [...path, index], out);
  } else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths(item, [...path, key], out);
  return out;
}

function parentOf(root: Json, path: (string | number)[]): { parent: Json; key: string | number } | null {
  if (path.length === 0) return null;
  let parent = root;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[step] as Json;
  return { parent, key: path.at(-1) as string | number };
}

function mutate(prng: Prng, value: Json): Json {
  const copy = structuredClone(value);
  for (let n = prng.int(1, 3); n > 0; n--) {
    const target = parentOf(copy, prng.pick(paths(copy)));
    if (target === null || target.parent === null || typeof target.parent !== 'object') continue;
    const parent = target.parent as Record<string | number, Json>;
    const roll = prng.next();
    if (roll < 0.35) {
      if (Array.isArray(parent)) parent.splice(Number(target.key), 1);
      else delete parent[target.key];
    } else if (roll < 0.5 && !Array.isArray(parent)) {
      parent[`${String(target.key)}_renamed`] = parent[target.key] as Json;
      delete parent[target.key];
    } else {
      parent[target.key] = structuredClone(prng.pick(HOSTILE_VALUES)) as Json;
    }
  }
  return copy;
}

function wrongTypes(prng: Prng, value: Json): Json {
  if (Array.isArray(value)) return value.map((item) => wrongTypes(prng, item));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, wrongTypes(prng, item)]));
  if (typeof value === 'string') return prng.pick([123, true, null, [value], { value }]);
  if (typeof value === 'number') return prng.pick([String(value), false, null, [value]]);
  return prng.pick(['text', 0, { nested: value }]);
}

const deep = (depth: number, open: string, close: string) => `${open.repeat(depth)}${close.repeat(depth)}`;

function badEncoding(prng: Prng, text: string): Buffer {
  const roll = prng.next();
  if (roll < 0.3)
    return Buffer.concat([
      Buffer.from(text.slice(0, text.length / 2)),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from(text.slice(text.length / 2)),
    ]);
  if (roll < 0.55) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (roll < 0.8) return Buffer.from(text.replace(/"status":"/, '"status":"Zürich Ålesund '), 'latin1');
  return Buffer.from(text.replace(/,/, ',\u0000'));
}

/**
 * `count` hostile payloads built from `samples` (valid deliveries of every vendor); the `valid` ones
 * are `validDeliveries` in order, each sent once.
 */
export function* hostilePayloads(
  prng: Prng,
  samples: readonly LoadDelivery[],
  validDeliveries: readonly LoadDelivery[],
  count: number,
  maxBodyBytes: number,
): Generator<HostilePayload> {
  let nextValid = 0;
  for (let n = 0; n < count; n++) {
    let kind = pickKind(prng);
    if (kind === 'valid' && nextValid >= validDeliveries.length) kind = 'mutated';
    const sample = kind === 'valid' ? (validDeliveries[nextValid++] as LoadDelivery) : prng.pick(samples);
    const json = 'application/json';
    const parsed = JSON.parse(sample.body) as Json;
    const payload = (body: Buffer | string, contentType = json): HostilePayload => ({
      kind,
      vendor: sample.vendor,
      body: typeof body === 'string' ? Buffer.from(body) : body,
      contentType,
      ...(kind === 'valid' ? { delivery: sample } : {}),
    });
    switch (kind) {
      case 'valid':
        yield payload(sample.body);
        break;
      case 'mutated':
        yield payload(JSON.stringify(mutate(prng, parsed)));
        break;
      case 'wrong-types':
        yield payload(JSON.stringify(wrongTypes(prng, parsed)));
        break;
      case 'oversized':
        yield payload(JSON.stringify({ ...(parsed as object), padding: 'x'.repeat(maxBodyBytes) }));
        break;
      case 'deep':
        yield payload(
          prng.chance(0.5)
            ? deep(prng.int(65, 100_000), '[', ']')
            : `{"waybill":${deep(prng.int(65, 50_000), '{"a":', '}').replace(/\{"a":\}/, '{"a":1}')}}`,
        );
        break;
      case 'bad-encoding':
        yield payload(badEncoding(prng, sample.body));
        break;
      case 'wrong-content-type':
        yield payload(
          sample.body,
          prng.pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', '']),
        );
        break;
      case 'random-bytes':
        yield payload(Buffer.from(Array.from({ length: prng.int(1, 2048) }, () => prng.int(0, 255))));
        break;
    }
  }
}
