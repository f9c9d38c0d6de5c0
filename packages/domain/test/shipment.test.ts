import {
  asExpected,
  expectedShipment,
  observation,
  permutations,
  statusObserved,
} from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import {
  applyShipmentEvent,
  classifyArrival,
  foldShipment,
  headOf,
  mergeShipments,
  RefusedEventError,
  type Shipment,
  viewShipment,
} from '../src/index';

const view = (shipment: Shipment | undefined) => {
  if (!shipment) throw new Error('no shipment');
  return viewShipment(shipment, shipment.scans.values());
};

describe('shipment fold', () => {
  // docs.clickpost.ai, "Best practice around consuming status updates via webhooks".
  const delivered = observation(8, '2024-03-05T10:30:00Z', 'Delivered');
  const clickpostExample = [
    statusObserved({ statusCode: 5, occurredAt: '2024-03-05T06:00:00Z', latestStatus: delivered }),
    statusObserved({ statusCode: 6, occurredAt: '2024-03-05T08:00:00Z', latestStatus: delivered }),
    statusObserved({
      statusCode: 8,
      occurredAt: '2024-03-05T10:30:00Z',
      status: 'Delivered',
      latestStatus: delivered,
    }),
  ];

  it.each(permutations(clickpostExample).map((order, index) => [index, order] as const))(
    "Clickpost's example: in transit, out for delivery, delivered sent together, order %i",
    (_, order) => {
      const shipment = view(foldShipment(order));
      expect(shipment.current.statusCode).toBe(8);
      expect(shipment.current.description).toBe('DELIVERED');
      expect(shipment.current.bucket).toBe(6);
      expect(shipment.isTerminal).toBe(true);
      expect(shipment.scans.map((scan) => scan.statusCode)).toEqual([5, 6, 8]);
    },
  );

  it('latest_status alone makes a shipment delivered before its delivered scan arrives', () => {
    const shipment = view(foldShipment([clickpostExample[0] as (typeof clickpostExample)[number]]));
    expect(shipment.current.statusCode).toBe(8);
    expect(shipment.scans).toHaveLength(1);
  });

  it('a late or repeated webhook never moves a shipment backwards', () => {
    const outForDelivery = statusObserved({ statusCode: 6, occurredAt: '2024-03-05T08:00:00Z' });
    const deliveredScan = statusObserved({ statusCode: 8, occurredAt: '2024-03-05T10:30:00Z' });
    const state = foldShipment([deliveredScan, outForDelivery, outForDelivery, deliveredScan]);
    expect(view(state).current.statusCode).toBe(8);
    expect(view(state).scans).toHaveLength(2);
  });

  it('at one instant a terminal status wins, then the higher status code', () => {
    const at = '2024-03-05T10:30:00Z';
    expect(
      view(
        foldShipment([
          statusObserved({ statusCode: 9, occurredAt: at }),
          statusObserved({ statusCode: 8, occurredAt: at }),
        ]),
      ).current.statusCode,
    ).toBe(8);
    expect(
      view(
        foldShipment([
          statusObserved({ statusCode: 6, occurredAt: at }),
          statusObserved({ statusCode: 5, occurredAt: at }),
        ]),
      ).current.statusCode,
    ).toBe(6);
  });

  it('compares instants, not their renderings', () => {
    const state = foldShipment([
      statusObserved({ statusCode: 5, occurredAt: '2024-03-05T10:30:00.5Z', eventId: 'a' }),
      statusObserved({ statusCode: 6, occurredAt: '2024-03-05T16:00:00.400000+05:30', eventId: 'b' }),
    ]);
    expect(view(state).current.statusCode).toBe(5);
    expect(view(state).scans.map((scan) => scan.occurredAt)).toEqual([
      '2024-03-05T10:30:00.400000Z',
      '2024-03-05T10:30:00.500000Z',
    ]);
  });

  it('keeps the latest NDR and EDD by event time; absent values do not erase them', () => {
    const state = foldShipment([
      statusObserved({ statusCode: 9, occurredAt: '2024-03-05T10:00:00Z', ndrCode: 1, edd: '2024-03-06' }),
      statusObserved({
        statusCode: 9,
        occurredAt: '2024-03-06T10:00:00Z',
        ndrCode: 4,
        ndrDescription: 'No attempt',
      }),
      statusObserved({ statusCode: 6, occurredAt: '2024-03-07T08:00:00Z' }),
      statusObserved({ statusCode: 5, occurredAt: '2024-03-04T10:00:00Z', ndrCode: 6, edd: '2024-03-05' }),
    ]);
    expect(view(state).ndr).toEqual({ code: 4, description: 'No attempt' });
    expect(view(state).edd).toBe('2024-03-06');
    expect(
      view(foldShipment([statusObserved({ statusCode: 9, occurredAt: '2024-03-05T10:00:00Z', ndrCode: 1 })]))
        .ndr,
    ).toEqual({
      code: 1,
      description: 'Customer Unavailable',
    });
  });

  it('an RVP flag once seen stays, forward links are latest by event time', () => {
    const state = foldShipment([
      statusObserved({ statusCode: 4, occurredAt: '2024-03-05T10:00:00Z', isRvp: true, forwardAwb: 'F1' }),
      statusObserved({ statusCode: 5, occurredAt: '2024-03-06T10:00:00Z', forwardAwb: 'F2' }),
    ]);
    expect(view(state).isRvp).toBe(true);
    expect(view(state).forwardAwb).toBe('F2');
  });

  it('two copies of one scan keep one, chosen by content whatever the order', () => {
    const webhook = statusObserved({ statusCode: 5, occurredAt: '2024-03-05T10:00:00Z', location: 'Pune' });
    const polled = { ...webhook, source: 'clickpost.track-order' as const, location: 'PUNE HUB' };
    const a = view(foldShipment([webhook, polled]));
    const b = view(foldShipment([polled, webhook]));
    expect(a).toEqual(b);
    expect(a.scans).toHaveLength(1);
  });

  it('merging is the same as folding everything', () => {
    const left = foldShipment(
      [clickpostExample[0], clickpostExample[2]].filter((event) => event !== undefined),
    );
    const right = foldShipment(
      [clickpostExample[1], clickpostExample[2]].filter((event) => event !== undefined),
    );
    if (!left || !right) throw new Error('fold gave nothing');
    expect(view(mergeShipments(left, right))).toEqual(view(foldShipment(clickpostExample)));
  });

  it('reads a latest_status that differs from the scan in any one field as an observation of its own', () => {
    const base = observation(5, '2024-03-05T10:00:00Z', 'p');
    // Each pair is tried both ways round, so in one of them the latest status is the greater.
    const pairs: [Partial<typeof base>, Partial<typeof base>][] = [
      [{ statusCode: 5 }, { statusCode: 6 }],
      [{ occurredAt: '2024-03-05T10:00:00Z' }, { occurredAt: '2024-03-05T11:00:00Z' }],
      [{ bucket: 3 }, { bucket: 4 }],
      ...(['status', 'description', 'bucketDescription', 'location', 'remark'] as const).map(
        (field): [Partial<typeof base>, Partial<typeof base>] => [{ [field]: 'o' }, { [field]: 'q' }],
      ),
    ];
    for (const [one, other] of pairs) {
      for (const [own, latest] of [
        [one, other],
        [other, one],
      ] as const) {
        const scan = { ...base, ...own };
        const event = { ...statusObserved(scan), ...scan, latestStatus: { ...base, ...latest } };
        const shipment = foldShipment([event]) as Shipment;
        expect(asExpected(shipment, shipment.scans.values()), JSON.stringify(latest)).toEqual(
          expectedShipment([event]),
        );
      }
    }
  });

  it('orders scans of one instant by status code, then event id', () => {
    const at = '2024-03-05T10:00:00Z';
    const shipment = foldShipment([
      statusObserved({ eventId: 'b', statusCode: 6, occurredAt: at }),
      statusObserved({ eventId: 'c', statusCode: 5, occurredAt: at }),
      statusObserved({ eventId: 'a', statusCode: 6, occurredAt: at }),
    ]);
    expect(view(shipment).scans.map((scan) => scan.eventId)).toEqual(['c', 'a', 'b']);
  });

  it('never merges two different shipments', () => {
    const one = foldShipment([statusObserved({ statusCode: 5, occurredAt: '2024-03-05T10:00:00Z' })]);
    const other = foldShipment([
      statusObserved({ statusCode: 5, occurredAt: '2024-03-05T10:00:00Z', waybill: 'AWB2' }),
    ]);
    const elsewhere = foldShipment([
      statusObserved({ statusCode: 5, occurredAt: '2024-03-05T10:00:00Z', cpId: 5 }),
    ]);
    if (!one || !other || !elsewhere) throw new Error('no shipment');
    expect(() => mergeShipments(one, other)).toThrow('cannot merge shipment 4:AWB1 with 4:AWB2');
    expect(() => mergeShipments(one, elsewhere)).toThrow('cannot merge shipment 4:AWB1 with 5:AWB1');
  });

  it('classifies arrivals for metrics', () => {
    const [inTransit, outForDelivery, deliveredScan] = clickpostExample;
    if (!inTransit || !outForDelivery || !deliveredScan) throw new Error('example incomplete');
    expect(classifyArrival(undefined, deliveredScan)).toBe('new-shipment');
    const state = applyShipmentEvent(undefined, deliveredScan);
    expect(classifyArrival(state, deliveredScan)).toBe('duplicate');
    expect(classifyArrival(state, inTransit)).toBe('out-of-order');
    const early = applyShipmentEvent(
      undefined,
      statusObserved({ statusCode: 4, occurredAt: '2024-03-01T00:00:00Z' }),
    );
    expect(classifyArrival(early, outForDelivery)).toBe('in-order');
    // A new scan at the very instant of the current status is not late.
    expect(classifyArrival(state, { ...deliveredScan, eventId: 'another', statusCode: 9 })).toBe('in-order');
    expect(() =>
      classifyArrival(state, { ...deliveredScan, eventId: 'another', occurredAt: 'soon' }),
    ).toThrow(/^occurredAt: /);
  });

  it('refuses events it cannot key or whose instants are unreadable', () => {
    const placement = statusObserved({
      statusCode: 101,
      occurredAt: '2024-03-05T10:00:00Z',
      waybill: '',
      cpId: -1,
    });
    expect(() => headOf(placement)).toThrow(RefusedEventError);
    expect(() => headOf(placement)).toThrow('shipment event without a waybill and courier');
    // A waybill without a courier (cp_id -1) is no shipment either; cp_id 0 is a courier.
    const at = '2024-03-05T10:00:00Z';
    expect(() => headOf(statusObserved({ statusCode: 5, occurredAt: at, cpId: -1 }))).toThrow(
      RefusedEventError,
    );
    expect(headOf(statusObserved({ statusCode: 5, occurredAt: at, cpId: 0 })).cpId).toBe(0);
    expect(() => headOf(statusObserved({ statusCode: 5, occurredAt: 'yesterday' }))).toThrow(/instant/);
    expect(() => headOf(statusObserved({ statusCode: 5, occurredAt: '2024-02-30T00:00:00Z' }))).toThrow(
      /instant/,
    );
    expect(() =>
      headOf(statusObserved({ statusCode: 5, occurredAt: '2024-03-05T10:00:00Z', waybill: 'x'.repeat(500) })),
    ).toThrow(/at most/);
  });

  it('names the field that made it refuse an event', () => {
    const at = '2024-03-05T10:00:00Z';
    const long = 'x'.repeat(201);
    for (const field of ['waybill', 'forwardAwb', 'forwardReference', 'returnReference', 'referenceNumber']) {
      expect(() => headOf(statusObserved({ statusCode: 5, occurredAt: at, [field]: long }))).toThrow(
        `${field} is 201 characters long (at most 200)`,
      );
    }
    expect(() => headOf(statusObserved({ statusCode: 5, occurredAt: 'soon' }))).toThrow(/^occurredAt: /);
    expect(() =>
      headOf(statusObserved({ statusCode: 5, occurredAt: at, latestStatus: observation(8, 'soon') })),
    ).toThrow(/^latestStatus\.occurredAt: /);
  });

  it('stores only text PostgreSQL gives back unchanged', () => {
    const state = foldShipment([
      statusObserved({
        statusCode: 5,
        occurredAt: '2024-03-05T10:00:00Z',
        status: 'in\u0000 transit \ud800',
        location: ' Pune ',
      }),
    ]);
    expect(view(state).current.status).toBe('in transit \ufffd');
    expect(view(state).current.location).toBe(' Pune ');
  });
});
