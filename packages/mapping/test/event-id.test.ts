import { nearBoundary, nearMiss } from '@shipfold/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clickpostReturnRequestId,
  clickpostScanId,
  EVENT_ID_NAMESPACE,
  increffOutcomeId,
  redoReturnId,
} from '../src/event-id';

const scan = {
  cpId: 4,
  waybill: '420714276042',
  statusCode: 9,
  occurredAt: '2018-08-06T14:48:57.002Z',
  status: 'Pending',
};

describe('event ids', () => {
  it('are pinned: a recipe or namespace change would orphan every stored id', () => {
    expect(EVENT_ID_NAMESPACE).toBe('74eaa55b-0607-49a8-b601-3435f8512695');
    expect(clickpostScanId(scan)).toBe('86ffae06-00ec-51b7-8b48-2a4d9069951f');
    expect(redoReturnId('64df65d4c5a4ca3eff4b4e43', '2023-08-18T12:00:00.000Z')).toBe(
      '817838b6-d29d-55ce-a809-e870204357cd',
    );
  });

  it('a scan time counts to the second (channels differ in precision)', () => {
    expect(clickpostScanId({ ...scan, occurredAt: '2018-08-06T14:48:57.999Z' })).toBe(clickpostScanId(scan));
    expect(clickpostScanId({ ...scan, occurredAt: '2018-08-06T14:48:58.000Z' })).not.toBe(
      clickpostScanId(scan),
    );
  });

  it.each([
    ['cpId', 5],
    ['waybill', '420714276043'],
    ['statusCode', 8],
    ['status', 'Delivered'],
  ])('another %s is another fact', (field, value) => {
    expect(clickpostScanId({ ...scan, [field]: value })).not.toBe(clickpostScanId(scan));
  });

  it('parts cannot run into each other', () => {
    expect(clickpostScanId({ ...scan, waybill: 'AB', status: 'C' })).not.toBe(
      clickpostScanId({ ...scan, waybill: 'A', status: 'BC' }),
    );
  });
});

/** A value, or a near miss of it (text derived from it, numbers ± 1), or the value itself again. */
const besides = {
  text: (right: string) => fc.oneof(fc.constant(right), nearMiss(right)),
  number: (right: number) => nearBoundary(right, [1], 1),
};

describe('event ids against their identities: near misses of each part', () => {
  const instantMs = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) });
  const scan = fc.record({
    cpId: fc.nat({ max: 500 }),
    waybill: fc.string({ minLength: 1, maxLength: 24 }),
    statusCode: fc.nat({ max: 30 }),
    ms: instantMs,
    status: fc.string({ minLength: 1, maxLength: 24 }),
  });
  type Scan = typeof scan extends fc.Arbitrary<infer T> ? T : never;
  /** The scan with one part moved a little: text near-missed, a number ± 1, the instant by ms to a second. */
  const nearScan = (right: Scan) =>
    fc.oneof(
      besides.text(right.waybill).map((waybill) => ({ ...right, waybill })),
      besides.text(right.status).map((status) => ({ ...right, status })),
      besides.number(right.cpId).map((cpId) => ({ ...right, cpId })),
      besides.number(right.statusCode).map((statusCode) => ({ ...right, statusCode })),
      nearBoundary(right.ms, [1, 999, 1000]).map((ms) => ({ ...right, ms })),
    );
  const id = ({ ms, ...parts }: Scan) =>
    clickpostScanId({ ...parts, occurredAt: new Date(ms).toISOString() });
  /** The scan's identity as documented: courier partner, waybill, code, the second, status text. */
  const identity = ({ cpId, waybill, statusCode, ms, status }: Scan) =>
    JSON.stringify([cpId, waybill, statusCode, Math.floor(ms / 1000), status]);

  it('a scan has the same id exactly when courier, waybill, code, second and status text are the same', () => {
    fc.assert(
      fc.property(
        scan.chain((right) => fc.tuple(fc.constant(right), nearScan(right))),
        ([right, other]) => {
          expect(id(other) === id(right)).toBe(identity(other) === identity(right));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('text split differently between neighbouring parts, or null against empty, is another return request', () => {
    const parts = ['returnReference', 'forwardAwb', 'forwardReference', 'returnAwb'] as const;
    const request = (values: (string | null)[]) =>
      clickpostReturnRequestId({
        kind: 'placed',
        statusCode: 21,
        occurredAt: '2024-03-01T10:00:00.000Z',
        ...Object.fromEntries(parts.map((part, at) => [part, values[at] ?? null])),
      } as Parameters<typeof clickpostReturnRequestId>[0]);
    const nullable = fc.oneof(
      fc.constant(null),
      fc.constant(''),
      fc.constant('null'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(
        fc.array(nullable, { minLength: 4, maxLength: 4 }),
        fc.nat({ max: 2 }),
        fc.integer({ min: -3, max: 3 }),
        (values, at, shift) => {
          // Move `shift` characters across the border between parts `at` and `at + 1` (null read as '').
          const joined = (values[at] ?? '') + (values[at + 1] ?? '');
          const cut = Math.max(0, Math.min(joined.length, (values[at] ?? '').length + shift));
          const moved = [...values];
          moved.splice(at, 2, joined.slice(0, cut), joined.slice(cut));
          expect(request(moved) === request(values)).toBe(JSON.stringify(moved) === JSON.stringify(values));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('an Increff outcome set has one id in any order, and another when one outcome is a near miss', () => {
    const outcomes = fc.array(fc.string({ minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(
        outcomes.chain((right) =>
          fc.tuple(
            fc.constant(right),
            fc.shuffledSubarray(right, { minLength: right.length }),
            fc
              .nat({ max: right.length - 1 })
              .chain((at) =>
                nearMiss(right[at] ?? '').map((miss) => right.map((one, i) => (i === at ? miss : one))),
              ),
          ),
        ),
        ([right, shuffled, missed]) => {
          const idOf = (list: string[]) => increffOutcomeId('R1', '2024-03-01T10:00:00.000Z', list);
          const sorted = (list: string[]) => JSON.stringify([...list].sort());
          expect(idOf(shuffled)).toBe(idOf(right));
          expect(idOf(missed) === idOf(right)).toBe(sorted(missed) === sorted(right));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a Redo return event is its return id and exact updatedAt: a millisecond apart is another state', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 24 })
          .chain((returnId) => fc.tuple(fc.constant(returnId), besides.text(returnId))),
        instantMs.chain((ms) => fc.tuple(fc.constant(ms), nearBoundary(ms, [1, 1000]))),
        ([returnId, otherId], [ms, otherMs]) => {
          const idOf = (id: string, at: number) => redoReturnId(id, new Date(at).toISOString());
          expect(idOf(otherId, otherMs) === idOf(returnId, ms)).toBe(otherId === returnId && otherMs === ms);
        },
      ),
      { numRuns: 500 },
    );
  });
});
