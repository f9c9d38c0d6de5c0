import { item, returnPlaced, returnProcessed, returnUpdated, statusObserved } from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import {
  identityKeys,
  pickupFactOf,
  type ReturnFact,
  type ReturnOrder,
  resolveReturns,
  returnFactOf,
} from '../src/index';

/**
 * The edges of the resolution rules of return-identity.ts: ties in time and id, each candidate taking
 * one orphan, and the ordering of what a return lists. Every case is folded in both input orders.
 */

const both = (list: ReturnFact[]) => [list, [...list].reverse()];
const summary = (returns: ReturnOrder[]) => returns.map((r) => [r.id, r.eventIds]);

const delta = (eventId: string, at: string, ref: string, more: Parameters<typeof returnUpdated>[2] = {}) =>
  returnFactOf(
    returnUpdated(eventId, at, { forwardAwb: 'F1', returnReference: ref, items: [item('A')], ...more }),
  );
const placement = (eventId: string, at: string, more: Parameters<typeof returnPlaced>[2] = {}) =>
  returnFactOf(
    returnPlaced(eventId, at, { forwardAwb: 'F1', forwardReference: 'O1', items: [item('A')], ...more }),
  );
const increff = (eventId: string, at: string, ref: string) =>
  returnFactOf(returnProcessed(eventId, at, { returnReference: ref, forwardReference: 'O1' }));
const scan = (at: string, waybill: string, more: Partial<Parameters<typeof statusObserved>[0]> = {}) =>
  pickupFactOf(
    statusObserved({
      statusCode: 4,
      occurredAt: at,
      waybill,
      cpId: 25,
      isRvp: true,
      forwardAwb: 'F1',
      ...more,
    }),
  ) as ReturnFact;

const requestId = (fact: ReturnFact) => identityKeys(fact).request[0] as string;

describe('rule 1: strong keys', () => {
  it('two delta results at the same instant for the same request stay two returns', () => {
    const list = [delta('d2', '2024-03-01T10:00:00Z', 'R2'), delta('d1', '2024-03-01T10:00:00Z', 'R1')];
    for (const order of both(list)) {
      expect(summary(resolveReturns(order))).toEqual([
        ['ref:R1', ['d1']],
        ['ref:R2', ['d2']],
      ]);
    }
  });
});

describe('rule 2: a reference-less request joins the nearest delta result of the same request', () => {
  it('equidistant delta results: the smaller id, whichever came first', () => {
    const p = placement('p', '2024-03-01T10:01:00Z');
    for (const [early, late] of [
      ['R1', 'R2'],
      ['R2', 'R1'],
    ] as const) {
      const list = [
        delta('d-early', '2024-03-01T10:00:00Z', early),
        p,
        delta('d-late', '2024-03-01T10:02:00Z', late),
      ];
      for (const order of both(list)) {
        const returns = resolveReturns(order);
        expect(returns.map((r) => r.id)).toEqual(['ref:R1', 'ref:R2']);
        expect(returns[0]?.eventIds).toContain('p');
      }
    }
  });

  it('a nearer delta result wins over a farther one with a smaller id', () => {
    const list = [
      delta('d2', '2024-03-01T10:00:00Z', 'R2'),
      placement('p', '2024-03-01T10:01:00Z'),
      delta('d1', '2024-03-01T10:05:00Z', 'R1'),
    ];
    for (const order of both(list)) {
      expect(summary(resolveReturns(order))).toEqual([
        ['ref:R1', ['d1']],
        ['ref:R2', ['d2', 'p']],
      ]);
    }
  });

  it('reference-less requests of the same content without a delta result are one provisional return', () => {
    const list = [placement('p1', '2024-03-01T10:00:00Z'), placement('p2', '2024-03-02T10:00:00Z')];
    for (const order of both(list)) {
      expect(summary(resolveReturns(order))).toEqual([[requestId(list[0] as ReturnFact), ['p1', 'p2']]]);
    }
  });
});

describe('rule 2b: an unmatched request joins a return of its forward order known without a request', () => {
  it('each candidate takes one request: the earlier request gets it, the later stays provisional', () => {
    const p1 = placement('p1', '2024-03-01T10:00:00Z');
    const p2 = placement('p2', '2024-03-02T10:00:00Z', { items: [item('B')] });
    const list = [p1, p2, increff('i1', '2024-03-03T10:00:00Z', 'R1')];
    for (const order of both(list)) {
      expect(summary(resolveReturns(order))).toEqual([
        ['ref:R1', ['i1', 'p1']],
        [requestId(p2), ['p2']],
      ]);
    }
  });

  it('requests first seen at the same instant take candidates in order of id', () => {
    // Event ids in the opposite order of the request ids.
    const pa = placement('p-a', '2024-03-01T10:00:00Z', { items: [item('A')] });
    const pb = placement('p-b', '2024-03-01T10:00:00Z', { items: [item('B')] });
    expect(requestId(pb) < requestId(pa)).toBe(true);
    const list = [pa, pb, increff('i1', '2024-03-02T10:00:00Z', 'R1')];
    for (const order of both(list)) {
      expect(summary(resolveReturns(order))).toEqual([
        ['ref:R1', ['i1', 'p-b']],
        [requestId(pa), ['p-a']],
      ]);
    }
  });

  it('candidates first seen at the same instant: the smaller id', () => {
    // Event ids in the opposite order of the return ids.
    const list = [
      placement('p', '2024-03-01T10:00:00Z'),
      increff('i-a', '2024-03-02T10:00:00Z', 'R2'),
      increff('i-b', '2024-03-02T10:00:00Z', 'R1'),
    ];
    for (const order of both(list)) {
      expect(summary(resolveReturns(order))).toEqual([
        ['ref:R1', ['i-b', 'p']],
        ['ref:R2', ['i-a']],
      ]);
    }
  });

  it('the earliest first seen at or after the request: one at the same instant wins over later ones', () => {
    const list = [
      increff('i0', '2024-02-29T10:00:00Z', 'R0'),
      placement('p', '2024-03-01T10:00:00Z'),
      increff('i1', '2024-03-01T10:00:00Z', 'R1'),
      increff('i2', '2024-03-02T10:00:00Z', 'R2'),
    ];
    for (const order of both(list)) {
      expect(summary(resolveReturns(order))).toEqual([
        ['ref:R0', ['i0']],
        ['ref:R1', ['i1', 'p']],
        ['ref:R2', ['i2']],
      ]);
    }
  });

  it('else the latest first seen before the request', () => {
    const list = [
      increff('i0', '2024-02-28T10:00:00Z', 'R0'),
      increff('i1', '2024-02-29T10:00:00Z', 'R1'),
      placement('p', '2024-03-01T10:00:00Z'),
    ];
    for (const order of both(list)) {
      expect(summary(resolveReturns(order))).toEqual([
        ['ref:R0', ['i0']],
        ['ref:R1', ['i1', 'p']],
      ]);
    }
  });

  it('a return known from a pickup and a reference-less update of it is a candidate; it takes one request', () => {
    // The update names the pickup AWB: the return is not RVP tracking alone.
    const update = returnFactOf(
      returnUpdated('u', '2024-03-03T09:00:00Z', {
        returnAwb: 'RVP1',
        cpId: 25,
        forwardAwb: 'F1',
        status: 'PICKUP_SCHEDULED',
      }),
    );
    const p1 = placement('p1', '2024-03-01T10:00:00Z');
    const p2 = placement('p2', '2024-03-02T10:00:00Z', { items: [item('B')] });
    const list = [p1, p2, update, scan('2024-03-03T10:00:00Z', 'RVP1')];
    const pickupId = (list[3] as ReturnFact).eventId;
    for (const order of both(list)) {
      expect(summary(resolveReturns(order))).toEqual([
        ['awb:25:RVP1', ['p1', pickupId, 'u'].sort()],
        [requestId(p2), ['p2']],
      ]);
    }
  });
});

describe('rule 3: a pickup known only from RVP tracking joins a return of its forward order without one', () => {
  it('the latest first seen at or before the first scan: one at the same instant wins', () => {
    const rvp = scan('2024-03-02T10:00:00Z', 'RVP9');
    const list = [
      delta('d1', '2024-03-01T10:00:00Z', 'R1'),
      delta('d2', '2024-03-02T10:00:00Z', 'R2', { items: [item('B')] }),
      delta('d3', '2024-03-03T10:00:00Z', 'R3', { items: [item('C')] }),
      rvp,
    ];
    for (const order of both(list)) {
      const returns = resolveReturns(order);
      expect(returns.map((r) => [r.id, r.returnAwb])).toEqual([
        ['ref:R1', null],
        ['ref:R2', 'RVP9'],
        ['ref:R3', null],
      ]);
    }
  });

  it('never joins a return that already has a pickup AWB', () => {
    const list = [
      delta('d1', '2024-03-01T10:00:00Z', 'R1', { returnAwb: 'RVP1', cpId: 25 }),
      scan('2024-03-02T10:00:00Z', 'RVP2'),
    ];
    for (const order of both(list)) {
      const returns = resolveReturns(order);
      expect(returns.map((r) => [r.id, r.returnAwb, r.eventIds.length])).toEqual([
        ['ref:R1', 'RVP1', 1],
        ['awb:25:RVP2', 'RVP2', 1],
      ]);
    }
  });
});

describe('what a return lists', () => {
  it('keys sorted by kind then text; items sorted by SKU', () => {
    const p = returnFactOf(
      returnPlaced('p', '2024-03-01T10:00:00Z', { forwardAwb: 'F1', items: [item('B'), item('A')] }),
    );
    const list = [
      p,
      returnFactOf(
        returnUpdated('d', '2024-03-02T10:00:00Z', {
          forwardAwb: 'F1',
          returnReference: 'R1',
          items: [item('A'), item('B')],
        }),
      ),
      returnFactOf(returnUpdated('u', '2024-03-03T10:00:00Z', { returnReference: 'R1', items: [item('0')] })),
    ];
    for (const order of both(list)) {
      const [order1, ...rest] = resolveReturns(order);
      expect(rest).toEqual([]);
      expect(order1?.keys).toEqual(['ref:R1', requestId(p)]);
      expect(order1?.items.map((i) => i.sku)).toEqual(['0', 'A', 'B']);
      expect(order1?.platform).toBe('clickpost');
    }
  });

  it('a Redo return without a return id is a return of its own, named by its event', () => {
    const redo = (eventId: string) =>
      returnFactOf(
        returnUpdated(eventId, '2024-03-01T10:00:00Z', {
          source: 'redo.webhook',
          platform: 'redo',
          forwardAwb: 'F1',
          forwardReference: 'O1',
          items: [item('A')],
        }),
      );
    const returns = resolveReturns([redo('r2'), redo('r1')]);
    expect(returns.map((r) => [r.id, r.platform, r.eventIds])).toEqual([
      ['evt:r1', 'redo', ['r1']],
      ['evt:r2', 'redo', ['r2']],
    ]);
  });
});
