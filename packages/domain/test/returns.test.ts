import {
  item,
  permutations,
  returnPlaced,
  returnProcessed,
  returnUpdated,
  statusObserved,
} from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import {
  identityKeys,
  itemsBySku,
  pickupFactOf,
  planReturnComponents,
  type ReturnFact,
  resolveReturns,
  returnFactOf,
} from '../src/index';

const facts = (...list: (ReturnFact | null)[]) => list.filter((fact): fact is ReturnFact => fact !== null);

/** One return seen through the four Clickpost-side channels (shapes of the seeds and references). */
function oneReturnFourChannels() {
  const items = [item('120667'), item('9649')];
  // Return Order Placed webhook: no return reference, blank waybill (cp_id -1), forward links, items.
  const placed = returnFactOf(
    returnPlaced('placed-1', '2024-03-01T02:17:07.161221Z', {
      forwardAwb: '5522110373319',
      forwardReference: '1405277',
      status: 'Return Order Placed',
      statusCode: 101,
      selfShipped: false,
      cpId: -1,
      items,
    }),
  );
  // Returns Polling Delta result: reference + forward links + items (AWB not yet assigned).
  const delta = returnFactOf(
    returnUpdated('delta-1', '2024-03-01T02:17:08Z', {
      returnReference: '8036651667991648',
      forwardAwb: '5522110373319',
      forwardReference: '1405277',
      forwardOrderId: '103887038',
      status: 'SUCCESS',
      refundMode: 'Back to source',
      items: [item('120667', 1, { reason: 'Size Issue' }), item('9649', 1, { reason: 'Other Reason' })],
    }),
  );
  // RVP tracking webhooks: the return AWB and the forward AWB, no reference.
  const pickup = pickupFactOf(
    statusObserved({
      statusCode: 4,
      occurredAt: '2024-03-02T09:00:00Z',
      waybill: 'RVP-2667237821710',
      cpId: 25,
      isRvp: true,
      forwardAwb: '5522110373319',
    }),
  );
  // Increff processing callback: returnOrderCode = Clickpost return reference; QC per unit.
  const processed = returnFactOf(
    returnProcessed('increff-12345', '2024-03-05T12:00:00Z', {
      returnReference: '8036651667991648',
      forwardReference: '1405277',
      items: [
        item('9649', 1, { qcStatus: 'PASS' }),
        item('120667', 1, { qcStatus: 'FAIL', qcReason: 'DAMAGED' }),
      ],
    }),
  );
  return facts(placed, delta, pickup, processed);
}

describe('return identity', () => {
  it.each(permutations(oneReturnFourChannels()).map((order, index) => [index, order] as const))(
    'one return through placement webhook, delta poll, RVP tracking and Increff is one aggregate (order %i)',
    (_, order) => {
      const returns = resolveReturns(order);
      expect(returns).toHaveLength(1);
      const [order1] = returns;
      expect(order1).toMatchObject({
        id: 'ref:8036651667991648',
        returnReference: '8036651667991648',
        returnAwb: 'RVP-2667237821710',
        cpId: 25,
        forwardAwb: '5522110373319',
        forwardReference: '1405277',
        forwardOrderId: '103887038',
        refundMode: 'Back to source',
        selfShipped: false,
        channels: ['clickpost.returns-delta', 'clickpost.webhook', 'increff.return-callback'],
      });
      expect(order1?.items).toEqual([
        item('120667', 1, { reason: 'Size Issue', qcStatus: 'FAIL', qcReason: 'DAMAGED' }),
        item('9649', 1, { reason: 'Other Reason', qcStatus: 'PASS' }),
      ]);
    },
  );

  it('is the same when the facts arrive in batches, in any order (incremental components)', () => {
    const all = oneReturnFourChannels();
    for (const order of permutations(all)) {
      let stored = new Map<string, ReturnFact[]>();
      for (const fact of order) {
        const touched = new Map([...stored].filter(([, members]) => members.some((m) => sharesKey(m, fact))));
        const plans = planReturnComponents([fact], touched);
        for (const plan of plans) {
          for (const replaced of plan.replaces) stored.delete(replaced);
          stored.set(plan.id, plan.facts);
        }
        stored = new Map(stored);
      }
      expect([...stored.values()].flatMap((members) => resolveReturns(members))).toEqual(resolveReturns(all));
    }
  });

  it('partial returns of one forward order stay separate', () => {
    const forward = { forwardAwb: 'F1', forwardReference: 'ORDER-1' };
    const list = facts(
      returnFactOf(returnPlaced('p1', '2024-03-01T10:00:00Z', { ...forward, items: [item('A')] })),
      returnFactOf(returnPlaced('p2', '2024-03-03T10:00:00Z', { ...forward, items: [item('B', 2)] })),
      returnFactOf(
        returnUpdated('d1', '2024-03-01T10:00:01Z', {
          ...forward,
          returnReference: 'R1',
          items: [item('A')],
        }),
      ),
      returnFactOf(
        returnUpdated('d2', '2024-03-03T10:00:01Z', {
          ...forward,
          returnReference: 'R2',
          returnAwb: 'RVP2',
          cpId: 25,
          items: [item('B', 2)],
        }),
      ),
      pickupFactOf(
        statusObserved({
          statusCode: 4,
          occurredAt: '2024-03-04T10:00:00Z',
          waybill: 'RVP2',
          cpId: 25,
          isRvp: true,
          forwardAwb: 'F1',
        }),
      ),
      pickupFactOf(
        statusObserved({
          statusCode: 4,
          occurredAt: '2024-03-02T10:00:00Z',
          waybill: 'RVP1',
          cpId: 25,
          isRvp: true,
          forwardAwb: 'F1',
        }),
      ),
    );
    for (const order of [list, [...list].reverse()]) {
      const returns = resolveReturns(order);
      expect(
        returns.map((r) => [r.id, r.returnAwb, r.items.map((i) => `${i.sku}x${i.quantity}`).join()]),
      ).toEqual([
        ['ref:R1', 'RVP1', 'Ax1'],
        ['ref:R2', 'RVP2', 'Bx2'],
      ]);
      expect(returns.map((r) => r.eventIds.length)).toEqual([3, 3]);
    }
  });

  it('a reference-less placement stays a provisional return until its delta result arrives', () => {
    const placement = returnFactOf(
      returnPlaced('p1', '2024-03-01T10:00:00Z', { forwardAwb: 'F1', items: [item('A')] }),
    );
    const [provisional] = resolveReturns([placement]);
    expect(provisional?.id).toMatch(/^req:fa=F1:/);
    const delta = returnFactOf(
      returnUpdated('d1', '2024-03-01T10:00:05Z', {
        forwardAwb: 'F1',
        returnReference: 'R1',
        items: [item('A')],
      }),
    );
    const [merged, ...rest] = resolveReturns([placement, delta]);
    expect(rest).toEqual([]);
    expect(merged?.id).toBe('ref:R1');
    // The provisional id is still one of the merged return's keys, so links to it keep resolving.
    expect(merged?.keys).toContain(provisional?.id);
  });

  it.each(
    permutations([
      returnFactOf(
        returnPlaced('p1', '2024-03-01T10:00:00Z', {
          forwardAwb: 'F1',
          forwardReference: 'O1',
          items: [item('A')],
        }),
      ),
      pickupFactOf(
        statusObserved({
          statusCode: 4,
          occurredAt: '2024-03-02T10:00:00Z',
          waybill: 'RVP1',
          cpId: 25,
          isRvp: true,
          forwardAwb: 'F1',
          returnReference: 'R1',
        }),
      ),
      returnFactOf(
        returnProcessed('i1', '2024-03-04T10:00:00Z', {
          returnReference: 'R1',
          forwardReference: 'O1',
          items: [item('A', 1, { qcStatus: 'PASS' })],
        }),
      ),
    ]).map((order, index) => [index, order] as const),
  )(
    'without a delta poll, the placement joins the return RVP tracking and Increff name (order %i)',
    (_, order) => {
      const returns = resolveReturns(facts(...order));
      expect(returns.map((r) => [r.id, r.returnAwb, r.eventIds.length, r.items])).toEqual([
        ['ref:R1', 'RVP1', 3, [item('A', 1, { qcStatus: 'PASS' })]],
      ]);
    },
  );

  it('a placement with several candidate returns joins the one requested nearest in time', () => {
    const same = { forwardAwb: 'F1', items: [item('A')] };
    const list = facts(
      returnFactOf(returnUpdated('d1', '2024-03-01T10:00:00Z', { ...same, returnReference: 'R1' })),
      returnFactOf(returnUpdated('d2', '2024-03-09T10:00:00Z', { ...same, returnReference: 'R2' })),
      returnFactOf(returnPlaced('p2', '2024-03-09T09:59:58Z', same)),
    );
    const returns = resolveReturns(list);
    expect(returns.map((r) => [r.id, r.eventIds])).toEqual([
      ['ref:R1', ['d1']],
      ['ref:R2', ['d2', 'p2']],
    ]);
  });

  it('an RVP webhook carrying the reference links its AWB to the return directly', () => {
    const list = facts(
      returnFactOf(
        returnUpdated('d1', '2024-03-01T10:00:00Z', {
          forwardAwb: 'F1',
          returnReference: 'R1',
          items: [item('A')],
        }),
      ),
      returnFactOf(
        returnUpdated('d2', '2024-03-02T10:00:00Z', {
          forwardAwb: 'F1',
          returnReference: 'R2',
          items: [item('B')],
        }),
      ),
      pickupFactOf(
        statusObserved({
          statusCode: 4,
          occurredAt: '2024-03-03T10:00:00Z',
          waybill: 'RVP1',
          cpId: 25,
          isRvp: true,
          forwardAwb: 'F1',
          returnReference: 'R1',
        }),
      ),
    );
    expect(resolveReturns(list).map((r) => [r.id, r.returnAwb])).toEqual([
      ['ref:R1', 'RVP1'],
      ['ref:R2', null],
    ]);
  });

  it('Redo returns are keyed by their own id and never join Clickpost facts', () => {
    const redo = returnFactOf(
      returnUpdated('redo-1', '2023-11-07T05:31:56Z', {
        source: 'redo.webhook',
        platform: 'redo',
        returnReference: '8036651667991648',
        forwardOrderId: '64e4da943dd822979a70bd12',
        items: [item('A')],
      }),
    );
    const clickpost = returnFactOf(
      returnUpdated('d1', '2024-03-01T10:00:00Z', { returnReference: '8036651667991648' }),
    );
    expect(identityKeys(redo)).toEqual({ strong: ['redo:8036651667991648'], request: [], forward: [] });
    expect(resolveReturns([redo, clickpost]).map((r) => r.id)).toEqual([
      'ref:8036651667991648',
      'redo:8036651667991648',
    ]);
  });

  it('fields are latest by event time; older facts only fill gaps', () => {
    const list = facts(
      returnFactOf(
        returnUpdated('u2', '2024-03-02T00:00:00Z', {
          returnReference: 'R1',
          status: 'PICKED_UP',
          items: [item('A', 2)],
        }),
      ),
      returnFactOf(
        returnUpdated('u1', '2024-03-01T00:00:00Z', {
          returnReference: 'R1',
          status: 'PLACED',
          refundMode: 'Wallet',
          items: [item('A', 1, { reason: 'Size' })],
        }),
      ),
    );
    const [order] = resolveReturns(list);
    expect(order).toMatchObject({ status: 'PICKED_UP', refundMode: 'Wallet' });
    expect(order?.items).toEqual([item('A', 2, { reason: 'Size' })]);
  });

  it('one event naming a SKU twice is one item: quantities added, differing texts listed', () => {
    expect(
      itemsBySku([
        item('100007542', 1, { qcStatus: 'FAIL', qcReason: 'DAMAGED' }),
        item('100007545', 1, { qcStatus: 'PASS' }),
        item('100007542', 1, { qcStatus: 'PASS' }),
        item('  ', 1),
      ]),
    ).toEqual([
      item('100007542', 2, { qcStatus: 'FAIL, PASS', qcReason: 'DAMAGED' }),
      item('100007545', 1, { qcStatus: 'PASS' }),
    ]);
  });

  it('a fact with nothing to identify it is a return of its own', () => {
    const lonely = returnFactOf(returnPlaced('p9', '2024-03-01T10:00:00Z'));
    expect(resolveReturns([lonely]).map((r) => r.id)).toEqual(['evt:p9']);
  });

  it('gives no pickup fact for forward shipments or blank-waybill placements', () => {
    expect(pickupFactOf(statusObserved({ statusCode: 5, occurredAt: '2024-03-01T10:00:00Z' }))).toBeNull();
    expect(
      pickupFactOf(
        statusObserved({
          statusCode: 101,
          occurredAt: '2024-03-01T10:00:00Z',
          isRvp: true,
          waybill: '',
          cpId: -1,
        }),
      ),
    ).toBeNull();
  });
});

function sharesKey(a: ReturnFact, b: ReturnFact): boolean {
  const keysOf = (fact: ReturnFact) => {
    const keys = identityKeys(fact);
    return [...keys.strong, ...keys.request, ...keys.forward];
  };
  const mine = new Set(keysOf(a));
  return keysOf(b).some((key) => mine.has(key));
}
