import { item, returnPlaced, returnProcessed, returnUpdated, statusObserved } from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import {
  factSet,
  itemsBySku,
  mergeFacts,
  pickupFactOf,
  RefusedEventError,
  resolveReturns,
  returnFactOf,
} from '../src/index';

/** Return facts field by field, the refusals naming the field, and the merge of copies of one event. */

const AT = '2024-03-01T10:00:00Z';
const LONG = 'x'.repeat(201);

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof RefusedEventError) return [error.reason, error.message];
    throw error;
  }
  return null;
};

describe('return facts', () => {
  it('the kind follows the event type', () => {
    expect(returnFactOf(returnPlaced('p', AT)).kind).toBe('placed');
    expect(returnFactOf(returnUpdated('u', AT)).kind).toBe('updated');
    expect(returnFactOf(returnProcessed('i', AT, { returnReference: 'R1' })).kind).toBe('processed');
  });

  it.each([
    [25, 25],
    [0, 0],
    [-1, null],
    [null, null],
  ])('cp_id %s is kept as %s (negative: no courier)', (cpId, expected) => {
    expect(returnFactOf(returnUpdated('u', AT, { cpId })).cpId).toBe(expected);
    expect(returnFactOf(returnPlaced('p', AT, { cpId })).cpId).toBe(expected);
  });

  it.each(['returnReference', 'returnAwb', 'forwardAwb', 'forwardReference', 'forwardOrderId'] as const)(
    'an oversized %s refuses a placement or update, naming the field',
    (field) => {
      for (const build of [returnPlaced, returnUpdated]) {
        expect(refusal(() => returnFactOf(build('e', AT, { [field]: LONG })))).toEqual([
          'oversized-identifier',
          `${field} is 201 characters long (at most 200)`,
        ]);
      }
    },
  );

  it.each(['returnReference', 'forwardReference'] as const)(
    'an oversized %s refuses a warehouse callback, naming the field',
    (field) => {
      expect(
        refusal(() => returnFactOf(returnProcessed('i', AT, { returnReference: 'R1', [field]: LONG }))),
      ).toEqual(['oversized-identifier', `${field} is 201 characters long (at most 200)`]);
    },
  );

  it('an oversized SKU refuses the event, naming the field', () => {
    expect(refusal(() => returnFactOf(returnUpdated('u', AT, { items: [item(LONG)] })))).toEqual([
      'oversized-identifier',
      'items[].sku is 201 characters long (at most 200)',
    ]);
  });

  it('an unreadable instant refuses the event, naming the field', () => {
    for (const event of [
      returnPlaced('p', 'yesterday'),
      returnUpdated('u', 'yesterday'),
      returnProcessed('i', 'yesterday', { returnReference: 'R1' }),
    ]) {
      expect(refusal(() => returnFactOf(event))).toEqual([
        'invalid-instant',
        expect.stringMatching(/^occurredAt: /),
      ]);
    }
  });

  it('items: one per SKU, sorted by SKU, differing texts sorted', () => {
    expect(
      itemsBySku([
        item('B', 1, { qcStatus: 'PASS' }),
        item('A', 2),
        item('B', 1, { qcStatus: 'FAIL' }),
        item('B', 1, { qcStatus: 'PASS' }),
      ]),
    ).toEqual([item('A', 2), item('B', 3, { qcStatus: 'FAIL, PASS' })]);
  });
});

describe('pickup facts', () => {
  const rvp = (more: Partial<Parameters<typeof statusObserved>[0]> = {}) =>
    statusObserved({ statusCode: 4, occurredAt: AT, waybill: 'RVP1', cpId: 25, isRvp: true, ...more });

  it('are named by the pickup and a 16-digit digest of its links', () => {
    const fact = pickupFactOf(rvp({ forwardAwb: 'F1' }));
    expect(fact?.eventId).toMatch(/^pickup:25:RVP1:[0-9a-f]{16}$/);
    expect(pickupFactOf(rvp({ forwardAwb: 'F1', occurredAt: '2024-03-02T10:00:00Z' }))?.eventId).toBe(
      fact?.eventId,
    );
    expect(pickupFactOf(rvp({ forwardAwb: 'F2' }))?.eventId).not.toBe(fact?.eventId);
  });

  it.each(['returnReference', 'forwardAwb', 'forwardReference'] as const)(
    'an oversized %s refuses the scan, naming the field',
    (field) => {
      expect(refusal(() => pickupFactOf(rvp({ [field]: LONG })))).toEqual([
        'oversized-identifier',
        `${field} is 201 characters long (at most 200)`,
      ]);
    },
  );

  it('an oversized waybill refuses the scan (only a missing one means "no pickup")', () => {
    expect(refusal(() => pickupFactOf(rvp({ waybill: LONG })))).toEqual([
      'oversized-identifier',
      'waybill is 201 characters long (at most 200)',
    ]);
  });

  it('an unreadable instant refuses the scan, naming the field', () => {
    expect(refusal(() => pickupFactOf(rvp({ occurredAt: 'yesterday' })))).toEqual([
      'invalid-instant',
      expect.stringMatching(/^occurredAt: /),
    ]);
  });
});

describe('copies of one event id', () => {
  it('keep the earliest, whatever its fingerprint', () => {
    const earlier = returnFactOf(returnUpdated('u', AT, { returnReference: 'R1', status: 'PLACED' }));
    const later = returnFactOf(
      returnUpdated('u', '2024-03-02T10:00:00Z', { returnReference: 'R1', status: 'PICKED_UP' }),
    );
    // The later copy has the smaller fingerprint: time decides before content.
    expect(later.fingerprint < earlier.fingerprint).toBe(true);
    expect(mergeFacts(earlier, later)).toBe(earlier);
    expect(mergeFacts(later, earlier)).toBe(earlier);
    for (const order of [
      [earlier, later],
      [later, earlier],
    ]) {
      expect([...factSet(order).values()]).toEqual([earlier]);
      expect(resolveReturns(order).map((r) => [r.status, r.firstSeenAt, r.lastSeenAt])).toEqual([
        ['PLACED', earlier.occurredAt, earlier.occurredAt],
      ]);
    }
  });

  it('at the same instant keep the smaller fingerprint', () => {
    const a = returnFactOf(returnUpdated('u', AT, { returnReference: 'R1', status: 'PLACED' }));
    const b = returnFactOf(returnUpdated('u', AT, { returnReference: 'R1', status: 'PICKED_UP' }));
    expect(b.fingerprint < a.fingerprint).toBe(true);
    expect(mergeFacts(a, b)).toBe(b);
    expect(mergeFacts(b, a)).toBe(b);
  });
});
