import { type RawEnvelope, RejectionReason, SOURCES, type Source } from '@shipfold/contracts';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type Normalized, normalize } from '../src/index';
import { parseInstant } from '../src/time';
import { envelope, fixture, ZONE } from './support';

const REASONS = new Set(RejectionReason.anyOf.map((literal) => literal.const));

/** What every result must satisfy, whatever the input. */
function expectWellFormed(result: Normalized): void {
  if (result.ok) {
    expect(Array.isArray(result.events)).toBe(true);
    for (const event of result.events)
      expect(event.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    return;
  }
  expect(REASONS.has(result.reason)).toBe(true);
  expect(result.detail.length).toBeGreaterThan(0);
  // An internal error would be reported as "normalizer failed": no input may reach one.
  expect(result.detail).not.toMatch(/^normalizer failed/);
  if (result.path !== null) expect(result.path.startsWith('$')).toBe(true);
}

const source = fc.constantFrom<Source>(...SOURCES);
const normalizeBody = (src: Source, body: string, headers: Record<string, string> = {}) =>
  normalize(envelope(src, body, headers), ZONE);

/** Every fixture that normalizes, by source: the seeds of the structured fuzzing below. */
const VALID: [Source, string][] = [
  ['clickpost.webhook', 'clickpost/clickpost_webhook_ndr-failed-delivery_1.json'],
  ['clickpost.webhook', 'clickpost/clickpost_webhook_selected-delivered_1.json'],
  ['clickpost.webhook', 'clickpost/constructed_webhook_quirks.json'],
  ['clickpost.webhook', 'clickpost/constructed_webhook_rvp-out-for-pickup.json'],
  ['clickpost.webhook', 'clickpost/seed_return-order-placed.json'],
  ['clickpost.webhook', 'clickpost/constructed_webhook_return-request-approved.json'],
  ['clickpost.track-order', 'clickpost/clickpost_track-order_response_6.json'],
  ['clickpost.track-order', 'clickpost/constructed_track-order_legacy-scan-list.json'],
  ['clickpost.returns-delta', 'clickpost/seed_returns-delta_response.json'],
  ['redo.webhook', 'redo/redo_webhook_return-event-created_1.json'],
  ['increff.return-callback', 'increff/seed_return-processing-callback.json'],
  ['increff.return-callback', 'increff/increff_returns-processing-update-api-outbound_1.json'],
].map(([src, path]) => [src as Source, fixture(path as string)]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value in a JSON document. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const children: [string | number, Json][] = Array.isArray(value)
    ? value.map((child, index) => [index, child])
    : value !== null && typeof value === 'object'
      ? Object.entries(value)
      : [];
  return [prefix, ...children.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

/** The document with the value at `path` replaced (or, for the root, the replacement itself). */
function replaceAt(root: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  node[path[path.length - 1] as string | number] = replacement;
  return copy;
}

// Generous timeouts: the machine running the tests may be busy; the runs themselves take about a second.
describe('properties of normalize', { timeout: 60_000 }, () => {
  it('never throws on arbitrary JSON bodies, and every rejection carries a known reason', () => {
    fc.assert(
      fc.property(source, fc.jsonValue(), (src, value) => {
        expectWellFormed(normalizeBody(src, JSON.stringify(value) ?? 'null'));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text bodies', () => {
    fc.assert(
      fc.property(source, fc.string({ unit: 'binary' }), (src, body) => {
        expectWellFormed(normalizeBody(src, body));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary envelopes', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expectWellFormed(normalize(value as RawEnvelope, ZONE));
      }),
      { numRuns: 300 },
    );
  });

  it('structured fuzzing: any one value of a valid payload replaced by arbitrary JSON never breaks it', () => {
    const seeds = VALID.map(([src, body]) => {
      const document = JSON.parse(body) as Json;
      return { src, document, paths: pathsOf(document) };
    });
    fc.assert(
      fc.property(
        fc.nat({ max: seeds.length - 1 }),
        fc.nat(),
        fc.jsonValue({ maxDepth: 3 }),
        (which, pathIndex, replacement) => {
          const seed = seeds[which];
          if (seed === undefined) return;
          const path = seed.paths[pathIndex % seed.paths.length] ?? [];
          const mutated = replaceAt(seed.document, path, replacement as Json);
          expectWellFormed(normalizeBody(seed.src, JSON.stringify(mutated), { 'x-clickpost-cp-id': '10' }));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('is deterministic: the same envelope gives the same result, event ids included', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID),
        fc.constantFrom('Asia/Kolkata', 'UTC', 'Europe/Berlin'),
        ([src, body], zone) => {
          const once = normalize(envelope(src, body, { 'x-clickpost-cp-id': '10' }), { clickpostZone: zone });
          const twice = normalize(envelope(src, body, { 'x-clickpost-cp-id': '10' }), {
            clickpostZone: zone,
          });
          expect(twice).toEqual(once);
          expect(once.ok).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('event ids do not depend on the delivery: another delivery id or receipt time, the same ids', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...VALID.filter(([src]) => src !== 'increff.return-callback')),
        fc.uuid(),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
        ([src, body], deliveryId, receivedAt) => {
          const base = envelope(src, body, { 'x-clickpost-cp-id': '10' });
          const ids = (result: Normalized) => (result.ok ? result.events.map((event) => event.eventId) : []);
          const other = normalize({ ...base, deliveryId, receivedAt: receivedAt.toISOString() }, ZONE);
          expect(ids(other)).toEqual(ids(normalize(base, ZONE)));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('properties of parseInstant', { timeout: 60_000 }, () => {
  const instants = fc
    .date({
      min: new Date('2000-01-02T00:00:00Z'),
      max: new Date('2098-12-30T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => DateTime.fromJSDate(date, { zone: 'UTC' }));

  it('every shape of one instant reads back as that instant', () => {
    fc.assert(
      fc.property(instants, fc.constantFrom('Asia/Kolkata', 'UTC', 'America/Los_Angeles'), (utc, zone) => {
        const local = utc.setZone(zone);
        const exact = utc.toISO() as string;
        const seconds = utc.startOf('second').toISO() as string;
        const read = (raw: string | number, naiveZone: string | null = zone) => parseInstant(raw, naiveZone);
        expect(read(exact)).toEqual({ ok: true, instant: exact });
        expect(read(local.toISO() as string)).toEqual({ ok: true, instant: exact });
        expect(read(local.toFormat('yyyy-MM-dd HH:mm:ss.SSSZZ'))).toEqual({ ok: true, instant: exact });
        expect(read(utc.toFormat("yyyy-MM-dd'T'HH: mm: ss'Z'"))).toEqual({ ok: true, instant: seconds });
        expect(read(utc.toSeconds())).toEqual({ ok: true, instant: exact });
        expect(read(String(Math.floor(utc.toSeconds())))).toEqual({ ok: true, instant: seconds });
        // A naive wall-clock time names the earlier instant when it falls in the hour repeated as
        // clocks go back; every other one names exactly one instant.
        const naive = (at: DateTime) => {
          const hourEarlier = at.minus({ hours: 1 });
          const repeated =
            hourEarlier.toFormat('yyyy-MM-dd HH:mm:ss.SSS') === at.toFormat('yyyy-MM-dd HH:mm:ss.SSS');
          return { ok: true, instant: (repeated ? hourEarlier : at).toUTC().toISO() };
        };
        expect(read(local.toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS"))).toEqual(naive(local));
        expect(read(local.toFormat('yyyy-MM-dd HH:mm:ss.SSS000'))).toEqual(naive(local));
        const meridiem = local.hour < 12 ? 'a.m.' : 'p.m.';
        expect(read(`${local.toFormat('MM/dd/yyyy h:mm')} ${meridiem}`)).toEqual(
          naive(local.startOf('minute')),
        );
      }),
      {
        numRuns: 300,
        // Both readings of the hour Los Angeles repeats on 2049-11-07: 01:00 PDT, then 01:00 PST.
        examples: [
          [DateTime.fromISO('2049-11-07T08:00:00.000Z', { zone: 'UTC' }), 'America/Los_Angeles'],
          [DateTime.fromISO('2049-11-07T09:00:00.000Z', { zone: 'UTC' }), 'America/Los_Angeles'],
        ],
      },
    );
  });

  it('never throws on arbitrary text or numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.double(), fc.integer()),
        fc.constantFrom('Asia/Kolkata', null),
        (raw, zone) => {
          const result = parseInstant(raw, zone);
          if (result.ok) expect(result.instant).toMatch(/^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
