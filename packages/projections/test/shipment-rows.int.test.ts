import type { ShipmentStatusObserved } from '@shipfold/contracts';
import { createPool, dropDatabase, inTransaction } from '@shipfold/db';
import {
  digestShipmentEvent,
  foldShipment,
  mergeHeads,
  mergeScan,
  type Scan,
  viewShipment,
} from '@shipfold/domain';
import { asExpected, expectedShipment, observation, statusObserved } from '@shipfold/test-support';
import { freshDatabase } from '@shipfold/test-support/integration';
import fc from 'fast-check';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readShipments, tablesIn } from '../src/index';
import { insertScans, writeHeads } from '../src/shipments/write';

/**
 * The SQL merge of shipment heads (INSERT … ON CONFLICT DO UPDATE with the fold's order spelled in
 * SQL) against the pure fold: generated histories full of ties (same instants, same codes, texts
 * that order differently in UTF-16 and in code points), split into random batches written one after
 * the other, give exactly the shipment that the plain restatement of the rules (expectedShipment, which
 * shares no code with either) says, and the head the pure fold gives.
 */

let databaseUrl: string;
let pool: Pool;
const tables = tablesIn('public');

beforeAll(async () => {
  databaseUrl = await freshDatabase();
  pool = createPool(databaseUrl, { max: 2 });
});

afterAll(async () => {
  await pool?.end();
  if (databaseUrl) await dropDatabase(databaseUrl);
});

const INSTANTS = ['2024-03-05T08:00:00Z', '2024-03-05T08:00:00.000001Z', '2024-03-05T09:00:00Z'];
// "\uFF5E" sorts after "\u{1F600}" in UTF-16 code units but before it in code points ("C" collation).
const TEXTS = ['a', 'b', '\uFF5E', '\u{1F600}', 'A b'];
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

let run = 0;
const history = fc.array(
  fc.record({
    id: fc.integer({ min: 0, max: 5 }),
    statusCode: fc.constantFrom(5, 6, 8, 9, 14),
    occurredAt: fc.constantFrom(...INSTANTS),
    status: fc.constantFrom(...TEXTS),
    location: maybe(fc.constantFrom(...TEXTS)),
    latest: maybe(
      fc.tuple(fc.constantFrom(5, 6, 8, 9), fc.constantFrom(...INSTANTS), fc.constantFrom(...TEXTS)),
    ),
    ndrCode: maybe(fc.integer({ min: 1, max: 3 })),
    ndrDescription: maybe(fc.constantFrom(...TEXTS)),
    edd: maybe(fc.constantFrom(...TEXTS)),
    isRvp: fc.boolean(),
    forwardAwb: maybe(fc.constantFrom(...TEXTS)),
    batch: fc.integer({ min: 0, max: 3 }),
  }),
  { minLength: 1, maxLength: 12 },
);

describe('shipment heads merged in SQL', () => {
  it('equal the rules restated and the pure fold, whatever the batching', async () => {
    await fc.assert(
      fc.asyncProperty(history, async (entries) => {
        const waybill = `SQL-${run++}`;
        const events: (ShipmentStatusObserved & { batch: number })[] = entries.map((e) => ({
          ...statusObserved({
            eventId: `e${e.id}`,
            waybill,
            statusCode: e.statusCode,
            occurredAt: e.occurredAt,
            status: e.status,
            location: e.location,
            latestStatus: e.latest ? observation(e.latest[0], e.latest[1], e.latest[2]) : null,
            ndrCode: e.ndrCode,
            ndrDescription: e.ndrDescription,
            edd: e.edd,
            isRvp: e.isRvp,
            forwardAwb: e.forwardAwb,
          }),
          batch: e.batch,
        }));
        for (let batch = 0; batch <= 3; batch++) {
          const digests = events.filter((e) => e.batch === batch).map(digestShipmentEvent);
          if (digests.length === 0) continue;
          const head = digests.map((d) => d.head).reduce(mergeHeads);
          const scans = new Map<string, Scan>();
          for (const { scan } of digests) {
            const known = scans.get(scan.eventId);
            scans.set(scan.eventId, known ? mergeScan(known, scan) : scan);
          }
          // As the projector writes them: one transaction per batch.
          await inTransaction(pool, async (client) => {
            const stored = await writeHeads(client, tables, [head]);
            await insertScans(client, tables, [{ key: head, scans: scans.values() }], stored);
          });
        }
        const expected = foldShipment(events);
        if (!expected) throw new Error('no shipment');
        const [stored] = await readShipments(pool, tables, waybill);
        if (!stored) throw new Error(`shipment ${waybill} not stored`);
        expect(asExpected(stored.head, stored.scans)).toEqual(expectedShipment(events));
        expect(stored.head).toEqual(stripScans(expected));
        expect(viewShipment(stored.head, stored.scans)).toEqual(
          viewShipment(expected, expected.scans.values()),
        );
      }),
      { numRuns: 60 },
    );
  });
});

function stripScans<T extends { scans: unknown }>(shipment: T): Omit<T, 'scans'> {
  const { scans: _scans, ...head } = shipment;
  return head;
}
