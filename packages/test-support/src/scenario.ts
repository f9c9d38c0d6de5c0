import type { DomainEvent, ReturnEvent, ShipmentStatusObserved } from '@shipfold/contracts';
import { item, observation, returnPlaced, returnProcessed, statusObserved } from './builders';

/**
 * Deterministic generated histories for the integration tests and the benchmark: shipments with a
 * Clickpost-like journey (each webhook carrying latest_status), reverse pickups, and returns seen
 * through the placement webhook, the delta poll, RVP tracking and Increff; then shuffled with
 * duplicates, the way deliveries really arrive.
 */

/** A small seeded PRNG (mulberry32), so a failing run can be reproduced. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JOURNEYS = [
  [1, 4, 5, 5, 6, 8],
  [1, 4, 5, 6, 9, 6, 8],
  [1, 4, 5, 6, 9, 11, 12, 21, 14],
  [28, 1, 4, 5, 18, 5, 6, 8],
  [1, 2, 3, 10],
];

const iso = (base: number, minutes: number) => new Date(base + minutes * 60_000).toISOString();

export interface GeneratedHistory {
  events: DomainEvent[];
  shipments: number;
  returns: number;
}

export function generateHistory({
  seed,
  shipments,
  returnsEvery = 10,
}: {
  seed: number;
  shipments: number;
  /** One forward shipment in `returnsEvery` gets a return (placement, delta, pickup, Increff). */
  returnsEvery?: number;
}): GeneratedHistory {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const base = Date.UTC(2026, 0, 1);
  const events: DomainEvent[] = [];
  let returns = 0;
  for (let index = 0; index < shipments; index++) {
    const waybill = `W${seed}-${index}`;
    const cpId = 1 + (index % 7);
    const start = Math.floor(next() * 60 * 24 * 30);
    const journey = pick(JOURNEYS);
    const times = journey.map((_, step) => start + step * 90 + Math.floor(next() * 60));
    const last = journey.length - 1;
    // Clickpost sends scans that arrived together with the latest status of the bunch.
    const latestAt = (step: number) => Math.min(last, step + Math.floor(next() * 2));
    journey.forEach((statusCode, step) => {
      const latest = latestAt(step);
      events.push(
        statusObserved({
          eventId: `${waybill}:${step}`,
          deliveryId: `d-${waybill}-${step}`,
          waybill,
          cpId,
          statusCode,
          status: `status ${statusCode}`,
          location: pick(['Pune', 'Mumbai', 'Delhi', null]),
          occurredAt: iso(base, times[step] as number),
          receivedAt: iso(base, (times[step] as number) + 1),
          latestStatus: observation(journey[latest] as number, iso(base, times[latest] as number)),
          latestStatusCode: journey[latest] as number,
          ndrCode: statusCode === 9 ? pick([1, 2, 4, 6]) : null,
          edd: step < 3 ? '2026-02-01' : null,
          referenceNumber: `ORDER-${seed}-${index}`,
        }),
      );
    });
    if (index % returnsEvery === 0 && journey.at(-1) === 8) {
      events.push(
        ...returnJourney(
          `${seed}-${index}`,
          waybill,
          `ORDER-${seed}-${index}`,
          iso(base, (times[last] as number) + 2000),
          pick,
        ),
      );
      returns++;
    }
  }
  return { events, shipments, returns };
}

function returnJourney(
  id: string,
  forwardAwb: string,
  forwardReference: string,
  placedAt: string,
  pick: <T>(list: readonly T[]) => T,
): DomainEvent[] {
  const items = [item(`SKU-${id}-A`, 1), item(`SKU-${id}-B`, pick([1, 2]))];
  const at = (minutes: number) => new Date(Date.parse(placedAt) + minutes * 60_000).toISOString();
  const reference = `RR-${id}`;
  const pickupAwb = `RVP-${id}`;
  const links = { forwardAwb, forwardReference, items };
  const events: (ReturnEvent | ShipmentStatusObserved)[] = [
    returnPlaced(`placed-${id}`, placedAt, { ...links, status: 'Return Order Placed', statusCode: 101 }),
    returnPlaced(`delta-${id}`, at(1), {
      ...links,
      source: 'clickpost.returns-delta',
      returnReference: reference,
      refundMode: 'Back to source',
      status: 'SUCCESS',
    }),
    ...[25, 4, 5, 8].map((statusCode, step) =>
      statusObserved({
        eventId: `${pickupAwb}:${step}`,
        waybill: pickupAwb,
        cpId: 25,
        statusCode,
        occurredAt: at(60 * (step + 1)),
        isRvp: true,
        forwardAwb,
        forwardReference,
      }),
    ),
    returnProcessed(`increff-${id}`, at(60 * 24 * 3), {
      returnReference: reference,
      forwardReference,
      items: [
        item(`SKU-${id}-A`, 1, { qcStatus: 'PASS' }),
        item(`SKU-${id}-B`, 1, { qcStatus: 'FAIL', qcReason: 'DAMAGED' }),
      ],
    }),
  ];
  return events;
}

/** The deliveries as they arrive: shuffled, with a share of them delivered twice. */
export function shuffledWithDuplicates<T>(events: readonly T[], seed: number, duplicateShare = 0.1): T[] {
  const next = random(seed);
  const deliveries = [...events, ...events.filter(() => next() < duplicateShare)];
  for (let index = deliveries.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    [deliveries[index], deliveries[other]] = [deliveries[other] as T, deliveries[index] as T];
  }
  return deliveries;
}
