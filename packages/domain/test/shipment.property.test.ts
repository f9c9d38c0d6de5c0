import type { ShipmentStatusObserved } from '@shipfold/contracts';
import { asExpected, expectedShipment, observation, statusObserved } from '@shipfold/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldShipment, mergeShipments, type Shipment } from '../src/index';

/**
 * For generated delivery histories of one shipment: the fold gives exactly what the plain restatement
 * of the rules (expectedShipment, an oracle sharing no code with the fold) says; every permutation,
 * with random duplicates and with differing copies of one event id, folds to the identical
 * aggregate; merging partial folds equals folding everything.
 */

// Few instants, so equal instants (the precedence tie-breaks) happen often.
const INSTANTS = [
  '2024-03-05T06:00:00',
  '2024-03-05T08:00:00',
  '2024-03-05T08:00:00.5',
  '2024-03-06T10:30:00',
];
const CODES = [1, 4, 5, 6, 8, 9, 10, 14, 16, 17, 28, 101];

/** One instant, rendered in one of the equivalent ways a normalizer might produce. */
const instant = fc
  .tuple(fc.constantFrom(...INSTANTS), fc.constantFrom('Z', '.000Z', '+00:00', 'IST'))
  .map(([local, zone]) => {
    if (zone !== 'IST') return local.includes('.') && zone === '.000Z' ? `${local}Z` : `${local}${zone}`;
    // The same instant written with the +05:30 offset.
    const shifted = new Date(Date.parse(`${local}Z`) + 330 * 60_000).toISOString().replace('Z', '');
    return `${shifted}+05:30`;
  });

const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

const event = fc
  .record({
    id: fc.integer({ min: 0, max: 7 }),
    statusCode: fc.constantFrom(...CODES),
    occurredAt: instant,
    status: fc.constantFrom('A', 'B'),
    location: maybe(fc.constantFrom('Pune', 'PUNE HUB')),
    latest: maybe(fc.tuple(fc.constantFrom(...CODES), instant)),
    ndrCode: maybe(fc.integer({ min: 0, max: 13 })),
    edd: maybe(fc.constantFrom('2024-03-07', '2024-03-08')),
    isRvp: fc.boolean(),
    forwardAwb: maybe(fc.constantFrom('F1', 'F2', ' F2 ')),
    returnReference: maybe(fc.constantFrom('R1', 'R2', '  ')),
    ndrDescription: maybe(fc.constantFrom('a', 'b')),
    accountCode: maybe(fc.constantFrom('acc-1', 'acc-2')),
  })
  .map(
    (e): ShipmentStatusObserved =>
      statusObserved({
        // Several deliveries may share an event id with different content (a poll and a webhook).
        eventId: `scan-${e.id}`,
        statusCode: e.statusCode,
        occurredAt: e.occurredAt,
        status: e.status,
        location: e.location,
        latestStatus: e.latest ? observation(e.latest[0], e.latest[1]) : null,
        ndrCode: e.ndrCode,
        edd: e.edd,
        isRvp: e.isRvp,
        forwardAwb: e.forwardAwb,
        returnReference: e.returnReference,
        ndrDescription: e.ndrDescription,
        accountCode: e.accountCode,
      }),
  );

/** A history, and the same deliveries shuffled with random duplicates. */
const historyAndReplay = fc.array(event, { minLength: 1, maxLength: 14 }).chain((history) =>
  fc
    .tuple(
      fc.array(fc.nat({ max: history.length - 1 }), { maxLength: 10 }),
      fc.array(fc.double({ noNaN: true }), {
        minLength: history.length + 10,
        maxLength: history.length + 10,
      }),
    )
    .map(([duplicates, sortKeys]) => {
      const replay = [...history, ...duplicates.map((index) => history[index] as ShipmentStatusObserved)]
        .map((delivery, index) => ({ delivery, key: sortKeys[index] ?? 0 }))
        .sort((a, b) => a.key - b.key)
        .map(({ delivery }) => delivery);
      return { history, replay };
    }),
);

const comparable = (shipment: Shipment | undefined) =>
  shipment && { ...shipment, scans: [...shipment.scans.entries()].sort(([a], [b]) => (a < b ? -1 : 1)) };

describe('shipment fold properties', () => {
  it('folds to what the plain restatement of the rules says, on histories rich in ties', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 14 }), (history) => {
        const shipment = foldShipment(history) as Shipment;
        expect(asExpected(shipment, shipment.scans.values())).toEqual(expectedShipment(history));
      }),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('any permutation with duplicates folds to the identical aggregate', () => {
    fc.assert(
      fc.property(historyAndReplay, ({ history, replay }) => {
        expect(comparable(foldShipment(replay))).toEqual(comparable(foldShipment(history)));
      }),
      { numRuns: 500 },
    );
  }, 60_000);

  it('merging the folds of any split equals folding everything (the projector merges a batch into a row)', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 2, maxLength: 14 }),
        fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
        (history, sides) => {
          const left = history.filter((_, index) => sides[index]);
          const right = history.filter((_, index) => !sides[index]);
          const whole = foldShipment(history);
          const a = foldShipment(left);
          const b = foldShipment(right);
          const merged = a && b ? mergeShipments(a, b) : (a ?? b);
          expect(comparable(merged)).toEqual(comparable(whole));
          if (a && b) expect(comparable(mergeShipments(b, a))).toEqual(comparable(whole));
        },
      ),
      { numRuns: 500 },
    );
  }, 60_000);

  it('the current status is never older than any observed status', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 14 }), (history) => {
        const shipment = foldShipment(history) as Shipment;
        for (const scan of shipment.scans.values())
          expect(shipment.current.occurredAt >= scan.occurredAt).toBe(true);
      }),
    );
  }, 60_000);
});
