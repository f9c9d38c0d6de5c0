import { item, returnPlaced, returnUpdated, statusObserved } from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import {
  identityKeys,
  pickupFactOf,
  planReturnComponents,
  type ReturnFact,
  returnFactOf,
} from '../src/index';

/** What the projector is told to write for a batch: component ids, keys, replaced rows, changed facts. */

const delta = (eventId: string, ref: string, forwardAwb: string, at = '2024-03-01T10:00:00Z') =>
  returnFactOf(returnUpdated(eventId, at, { returnReference: ref, forwardAwb, items: [item('A')] }));

describe('return components', () => {
  it('a new component: all its keys sorted, its smallest key as id, every fact to write', () => {
    const d = delta('d1', 'R1', 'F1');
    const p = returnFactOf(
      returnPlaced('p1', '2024-03-01T09:00:00Z', { forwardAwb: 'F1', items: [item('A')] }),
    );
    const request = identityKeys(p).request[0] as string;
    const [plan, ...rest] = planReturnComponents([d, p], new Map());
    expect(rest).toEqual([]);
    expect(plan?.id).toBe('ref:R1');
    expect(plan?.keys).toEqual(['fwd:fa=F1', 'ref:R1', request]);
    expect(plan?.replaces).toEqual([]);
    expect(plan?.changedFacts).toEqual([d, p]);
    expect(plan?.returns.map((r) => [r.id, r.eventIds])).toEqual([['ref:R1', ['d1', 'p1']]]);
  });

  it('a fact joining two stored components replaces both; only facts new or moved are written', () => {
    const d1 = delta('d1', 'R1', 'F1');
    const d2 = delta('d2', 'R2', 'F2');
    // An RVP scan naming R1 and the forward AWB of R2 connects the two components.
    const scan = pickupFactOf(
      statusObserved({
        statusCode: 4,
        occurredAt: '2024-03-02T10:00:00Z',
        waybill: 'RVP1',
        cpId: 25,
        isRvp: true,
        returnReference: 'R1',
        forwardAwb: 'F2',
      }),
    ) as ReturnFact;
    const stored = new Map([
      ['ref:R2', [d2]],
      ['ref:R1', [d1]],
    ]);
    const [plan, ...rest] = planReturnComponents([scan], stored);
    expect(rest).toEqual([]);
    expect(plan?.id).toBe('ref:R1');
    expect(plan?.replaces).toEqual(['ref:R1', 'ref:R2']);
    expect(plan?.changedFacts).toEqual([d2, scan]);
  });

  it('a batch that changes nothing writes nothing; a stored fact whose component is renamed is written', () => {
    const p = returnFactOf(
      returnPlaced('p1', '2024-03-01T09:00:00Z', { forwardAwb: 'F1', items: [item('A')] }),
    );
    const provisional = identityKeys(p).request[0] as string;
    const stored = new Map([[provisional, [p]]]);
    expect(planReturnComponents([p], stored).map((plan) => [plan.id, plan.changedFacts])).toEqual([
      [provisional, []],
    ]);
    const d = delta('d1', 'R1', 'F1');
    expect(
      planReturnComponents([d], stored).map((plan) => [plan.id, plan.replaces, plan.changedFacts]),
    ).toEqual([['ref:R1', [provisional], [p, d]]]);
  });

  it('a fresher copy of a stored fact is written', () => {
    const late = delta('d1', 'R1', 'F1', '2024-03-02T10:00:00Z');
    const early = delta('d1', 'R1', 'F1', '2024-03-01T10:00:00Z');
    const plans = planReturnComponents([early], new Map([['ref:R1', [late]]]));
    expect(plans.map((plan) => [plan.id, plan.facts, plan.changedFacts])).toEqual([
      ['ref:R1', [early], [early]],
    ]);
  });
});
