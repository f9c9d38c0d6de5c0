import { NO_FAULTS, Prng } from '@shipfold/clickpost-simulator';
import { MAX_DEPTH } from '@shipfold/mapping';
import { describe, expect, it } from 'vitest';
import { createLoad, type HostilePayload, hostilePayloads } from '../src/index';

const { deliveries } = createLoad({
  seed: 'hostile-test',
  clickpostApiKey: 'k',
  shipments: 60,
  returnRate: 0.5,
  redoReturns: 10,
  faults: NO_FAULTS,
  badRate: 0,
  now: Date.parse('2026-06-01T00:00:00Z'),
});
const generate = (seed: string, count = 5000): HostilePayload[] => [
  ...hostilePayloads(new Prng(seed), deliveries, deliveries, count, 1024 * 1024),
];

/** Nesting depth of a JSON text, counted on brackets outside strings. */
function depth(text: string): number {
  let deepest = 0;
  let current = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++current);
    else if (c === ']' || c === '}') current--;
  }
  return deepest;
}

describe('hostile payloads', () => {
  const payloads = generate('one');
  const of = (kind: HostilePayload['kind']) => payloads.filter((payload) => payload.kind === kind);

  it('mix every kind, from every vendor, deterministically', () => {
    const kinds = new Set(payloads.map((payload) => payload.kind));
    expect([...kinds].sort()).toEqual(
      [
        'bad-encoding',
        'deep',
        'mutated',
        'oversized',
        'random-bytes',
        'valid',
        'wrong-content-type',
        'wrong-types',
      ].sort(),
    );
    expect(new Set(payloads.map((payload) => payload.vendor))).toEqual(
      new Set(['clickpost', 'redo', 'increff']),
    );
    expect(generate('one', 300).map((payload) => payload.body.toString('base64'))).toEqual(
      payloads.slice(0, 300).map((payload) => payload.body.toString('base64')),
    );
  });

  it('send the valid deliveries unchanged, in order, each once', () => {
    const valid = of('valid');
    expect(valid.length).toBeGreaterThan(200);
    expect(valid.map((payload) => payload.body.toString())).toEqual(
      deliveries.slice(0, valid.length).map((delivery) => delivery.body),
    );
  });

  it('are what they say: oversized over the limit, deep past the mapping, bad bytes not UTF-8 text', () => {
    for (const payload of of('oversized')) expect(payload.body.length).toBeGreaterThan(1024 * 1024);
    for (const payload of of('deep').slice(0, 20))
      expect(depth(payload.body.toString())).toBeGreaterThan(MAX_DEPTH);
    for (const payload of of('wrong-content-type')) expect(payload.contentType).not.toBe('application/json');
    const changed = of('mutated').filter(
      (payload) => !deliveries.some((delivery) => delivery.body === payload.body.toString()),
    );
    // A mutation can set a field to the value it had: nearly all are changed, not all.
    expect(changed.length).toBeGreaterThan(of('mutated').length * 0.95);
    for (const payload of of('mutated')) expect(() => JSON.parse(payload.body.toString())).not.toThrow();
    const badBytes = of('bad-encoding').filter(
      (payload) =>
        !payload.body.equals(Buffer.from(payload.body.toString('utf8'))) || payload.body.includes(0),
    );
    expect(badBytes.length).toBeGreaterThan(of('bad-encoding').length / 2);
  }, 30_000);
});
