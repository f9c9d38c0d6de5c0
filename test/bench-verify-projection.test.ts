import type { ReturnOrder, Shipment } from '@shipfold/domain';
import { PROJECTION_TABLES } from '@shipfold/projections';
import { generateHistory, shuffledWithDuplicates } from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import {
  chooseSample,
  counterValues,
  expectedProjection,
  labelValue,
  ProjectionNotVerified,
  type ProjectorCounts,
  projectionProblems,
  refuseUnlessVerified,
  type StoredState,
} from '../bench/verify-projection';

// The projector benchmark's verification (bench/verify-projection.ts) fed table states that are right,
// and deliberately wrong ones: each wrong one must be refused, naming what is wrong.

const history = generateHistory({ seed: 3, shipments: 60, returnsEvery: 3 });
const deliveries = shuffledWithDuplicates(history.events, 5, 0.2);
const expected = expectedProjection(history.events, deliveries);
const sample = chooseSample(expected, 25);

/** What a correct projector leaves: the fold's rows, the sample read back as the read path gives it. */
function faithfulState(): {
  rowCounts: Map<string, number>;
  shipments: Map<string, StoredShipment>;
  returns: Map<string, StoredReturn>;
} {
  const shipments = new Map<string, StoredShipment>();
  for (const { cpId, waybill } of sample.shipments) {
    const { scans, ...head } = expected.shipments.get(`${cpId}:${waybill}`) as Shipment;
    shipments.set(`${cpId}:${waybill}`, {
      head: structuredClone(head),
      scans: structuredClone([...scans.values()]),
    });
  }
  const returns = new Map<string, StoredReturn>();
  for (const id of sample.returns) {
    const { keys: _keys, ...record } = expected.returns.get(id) as ReturnOrder;
    returns.set(id, structuredClone(record));
  }
  return { rowCounts: new Map(expected.rowCounts), shipments, returns };
}
type StoredShipment = NonNullable<StoredState['shipments'] extends ReadonlyMap<string, infer T> ? T : never>;
type StoredReturn = NonNullable<StoredState['returns'] extends ReadonlyMap<string, infer T> ? T : never>;

const faithfulCounts = (): { refused: Map<string, number>; applied: Map<string, number> } => ({
  refused: new Map(),
  applied: new Map(expected.applied),
});

const problemsOf = (state: StoredState, counts: ProjectorCounts = faithfulCounts()) =>
  projectionProblems(expected, state, counts);

describe('the expectation (pure fold of the generated history)', () => {
  it('counts every projection table, from the history', () => {
    expect([...expected.rowCounts.keys()].sort()).toEqual([...PROJECTION_TABLES].sort());
    expect(expected.rowCounts.get('shipments')).toBe(history.shipments + history.returns);
    expect(expected.rowCounts.get('shipment_scans')).toBe(
      history.events.filter((event) => event.type === 'shipment.status-observed').length,
    );
    expect(expected.rowCounts.get('return_orders')).toBe(history.returns);
    expect(history.returns).toBeGreaterThan(3);
    expect(expected.applied.get('shipments')).toBe(
      deliveries.filter((event) => event.type === 'shipment.status-observed').length,
    );
  });

  it('samples deterministically, both kinds, at most the size asked for', () => {
    expect(chooseSample(expected, 25)).toEqual(sample);
    expect(sample.shipments).toHaveLength(25);
    expect(sample.returns.length).toBe(Math.min(25, history.returns));
    expect(new Set(sample.shipments.map((key) => `${key.cpId}:${key.waybill}`)).size).toBe(25);
  });
});

describe('verification of the projected tables', () => {
  it('passes the tables a correct projector leaves', () => {
    expect(problemsOf(faithfulState())).toEqual([]);
    expect(() => refuseUnlessVerified(problemsOf(faithfulState()))).not.toThrow();
  });

  it('refuses a table one scan short, naming the table', () => {
    const state = faithfulState();
    state.rowCounts.set('shipment_scans', (state.rowCounts.get('shipment_scans') as number) - 1);
    expect(problemsOf(state)).toEqual([
      `table shipment_scans: ${(expected.rowCounts.get('shipment_scans') as number) - 1} rows, the pure fold gives ${expected.rowCounts.get('shipment_scans')}`,
    ]);
  });

  it('refuses a sampled shipment that lost a scan, naming the shipment and the scan', () => {
    const state = faithfulState();
    const [key, shipment] = [...state.shipments][0] as [string, StoredShipment];
    const lost = shipment.scans[0]?.eventId;
    state.shipments.set(key, { ...shipment, scans: shipment.scans.slice(1) });
    expect(problemsOf(state)).toEqual([`shipment ${key}: scan ${lost} not stored`]);
  });

  it('refuses a sampled shipment whose current status is another scan (a flipped tie-break)', () => {
    const state = faithfulState();
    const [key, shipment] = [...state.shipments].find(([, candidate]) =>
      candidate.scans.some((scan) => scan.statusCode !== candidate.head.current.statusCode),
    ) as [string, StoredShipment];
    const other = shipment.scans.find((scan) => scan.statusCode !== shipment.head.current.statusCode);
    const { eventId: _eventId, ...observation } = other as (typeof shipment.scans)[number];
    state.shipments.set(key, { ...shipment, head: { ...shipment.head, current: observation } });
    const problems = problemsOf(state);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(`^shipment ${key}: current: stored .*"statusCode":${other?.statusCode}`),
    );
  });

  it('refuses a sampled shipment or return that is not stored', () => {
    const state = faithfulState();
    const [shipmentKey] = [...state.shipments.keys()];
    const [returnId] = [...state.returns.keys()];
    const emptied: StoredState = {
      ...state,
      shipments: new Map(
        [...state.shipments].map(([key, value]) => [key, key === shipmentKey ? null : value]),
      ),
      returns: new Map([...state.returns].map(([id, value]) => [id, id === returnId ? null : value])),
    };
    expect(problemsOf(emptied)).toEqual([
      `shipment ${shipmentKey}: not stored`,
      `return ${returnId}: not stored`,
    ]);
  });

  it('refuses a sampled return whose item lost its QC outcome, naming the return and the field', () => {
    const state = faithfulState();
    const [id, order] = [...state.returns].find(([, candidate]) =>
      candidate.items.some((entry) => entry.qcStatus !== null),
    ) as [string, StoredReturn];
    state.returns.set(id, { ...order, items: order.items.map((entry) => ({ ...entry, qcStatus: null })) });
    const problems = problemsOf(state);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^return ${id}: items: stored .*"qcStatus":null`));
  });

  it('refuses any refused event, naming the projection and the reason', () => {
    const counts = { ...faithfulCounts(), refused: new Map([['shipments/invalid-instant', 2]]) };
    expect(problemsOf(faithfulState(), counts)).toEqual([
      "2 event(s) refused (shipments/invalid-instant); a benchmark's history has none",
    ]);
  });

  it('refuses a projection that applied fewer events than were delivered', () => {
    const counts = faithfulCounts();
    const delivered = expected.applied.get('shipments') as number;
    counts.applied.set('shipments', delivered - 1);
    expect(problemsOf(faithfulState(), counts)).toEqual([
      `projection shipments applied ${delivered - 1} events, ${delivered} were delivered (each must be applied once)`,
    ]);
  });

  it('refuses a projection table it has no expectation for', () => {
    const state = faithfulState();
    state.rowCounts.set('shipment_notes', 0);
    expect(problemsOf(state)).toEqual([
      'table shipment_notes: no expected row count (the check must learn it)',
    ]);
  });

  it('refuses to report: the error names every problem', () => {
    const state = faithfulState();
    state.rowCounts.set('return_orders', 0);
    const problems = problemsOf(state);
    expect(() => refuseUnlessVerified(problems)).toThrow(ProjectionNotVerified);
    expect(() => refuseUnlessVerified(problems)).toThrow(
      /1 problem\(s\); no figure reported\n {2}- table return_orders: 0 rows/,
    );
  });
});

describe('counters from a projector process /metrics', () => {
  const exposition = [
    '# HELP shipfold_projector_events_refused_total Records a projection could not use',
    '# TYPE shipfold_projector_events_refused_total counter',
    'shipfold_projector_events_refused_total{projection="shipments",reason="missing-identity"} 3',
    'shipfold_projector_events_refused_total{projection="returns",reason="invalid-instant"} 1',
    'shipfold_projector_events_refused_totally_other 9',
    'shipfold_projector_events_applied_total{projection="shipments"} 1200',
  ].join('\n');

  it('reads each label set and its value', () => {
    const refused = counterValues(exposition, 'shipfold_projector_events_refused_total');
    expect(refused).toEqual(
      new Map([
        ['projection="shipments",reason="missing-identity"', 3],
        ['projection="returns",reason="invalid-instant"', 1],
      ]),
    );
    expect(labelValue('projection="returns",reason="invalid-instant"', 'reason')).toBe('invalid-instant');
    expect(labelValue('projection="returns",reason="invalid-instant"', 'projection')).toBe('returns');
    expect(
      counterValues(exposition, 'shipfold_projector_events_applied_total').get('projection="shipments"'),
    ).toBe(1200);
  });
});
