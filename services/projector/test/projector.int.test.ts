import type { DlqRecord, ShipmentStatusObserved } from '@shipfold/contracts';
import { createPool, dropDatabase } from '@shipfold/db';
import {
  foldShipment,
  pickupFactOf,
  type ReturnFact,
  resolveReturns,
  returnFactOf,
  viewShipment,
} from '@shipfold/domain';
import { readReturn, readShipments, tablesIn } from '@shipfold/projections';
import { generateHistory, produceEvents, shuffledWithDuplicates } from '@shipfold/test-support';
import {
  counter,
  dumpTables,
  freshDatabase,
  freshTopics,
  kafkaFor,
  produceRejections,
  waitCaughtUp,
} from '@shipfold/test-support/integration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProjector } from './support';

const databases: string[] = [];
let names: Awaited<ReturnType<typeof freshTopics>>['names'];
let io: Awaited<ReturnType<typeof kafkaFor>>;

beforeAll(async () => {
  ({ names } = await freshTopics(3));
  io = await kafkaFor(names);
});

afterAll(async () => {
  await io?.close();
  await Promise.all(databases.map((url) => dropDatabase(url)));
});

const history = generateHistory({ seed: 7, shipments: 120, returnsEvery: 4 });
const deliveries = shuffledWithDuplicates(history.events, 11, 0.2);
const tables = tablesIn('public');

describe('projector', () => {
  it('folds shuffled, duplicated deliveries into the same aggregates as the pure fold', async () => {
    const databaseUrl = await freshDatabase();
    databases.push(databaseUrl);
    await produceEvents(io.producer, io.codec, names, deliveries);
    const running = await startProjector(io.kafka, names, databaseUrl);
    try {
      await waitCaughtUp(io.admin, running.pool, names);

      const shipmentEvents = history.events.filter(
        (e): e is ShipmentStatusObserved => e.type === 'shipment.status-observed',
      );
      const waybills = [...new Set(shipmentEvents.map((e) => e.waybill))];
      for (const waybill of waybills) {
        const expected = foldShipment(shipmentEvents.filter((e) => e.waybill === waybill));
        if (!expected) throw new Error('no expected shipment');
        const [stored] = await readShipments(running.pool, tables, waybill);
        expect(stored && viewShipment(stored.head, stored.scans)).toEqual(
          viewShipment(expected, expected.scans.values()),
        );
      }

      const facts = history.events
        .map((e) => (e.type === 'shipment.status-observed' ? pickupFactOf(e) : returnFactOf(e)))
        .filter((fact): fact is ReturnFact => fact !== null);
      const expectedReturns = resolveReturns(facts);
      expect(expectedReturns).toHaveLength(history.returns);
      for (const order of expectedReturns) {
        const stored = await readReturn(running.pool, tables, order.id);
        expect(stored).toMatchObject({
          id: order.id,
          returnReference: order.returnReference,
          returnAwb: order.returnAwb,
          forwardAwb: order.forwardAwb,
          items: order.items,
          eventIds: order.eventIds,
        });
      }

      expect(
        await counter(running.metrics, 'shipfold_projector_events_applied_total', {
          projection: 'shipments',
        }),
      ).toBe(deliveries.filter((e) => e.type === 'shipment.status-observed').length);
      expect(
        await counter(running.metrics, 'shipfold_projector_duplicates_total', { projection: 'shipments' }),
      ).toBe(deliveries.filter((e) => e.type === 'shipment.status-observed').length - shipmentEvents.length);
      expect(
        await counter(running.metrics, 'shipfold_projector_out_of_order_total', { projection: 'shipments' }),
      ).toBeGreaterThan(0);
    } finally {
      await running.stop();
    }
  });

  it('resumes from its stored positions: a restarted projector (new consumer group) applies only what is new', async () => {
    const databaseUrl = await freshDatabase();
    databases.push(databaseUrl);
    const first = await startProjector(io.kafka, names, databaseUrl);
    await waitCaughtUp(io.admin, first.pool, names);
    await first.stop();
    const check = createPool(databaseUrl, { max: 1 });
    const before = await dumpTables(check);
    await check.end();

    const more = generateHistory({ seed: 8, shipments: 30 }).events;
    await produceEvents(io.producer, io.codec, names, more);
    // A new group id: Kafka has no committed offsets for it, so only the stored positions can say where to start.
    const second = await startProjector(io.kafka, names, databaseUrl);
    try {
      await waitCaughtUp(io.admin, second.pool, names);
      const applied = await counter(second.metrics, 'shipfold_projector_events_applied_total', {
        projection: 'shipments',
      });
      expect(applied).toBe(more.filter((e) => e.type === 'shipment.status-observed').length);
      const after = await dumpTables(second.pool);
      const newWaybills = new Set(
        more.flatMap((e) => (e.type === 'shipment.status-observed' ? [e.waybill] : [])),
      );
      expect(after.shipments?.length).toBe((before.shipments?.length ?? 0) + newWaybills.size);
    } finally {
      await second.stop();
    }
  });

  it('keeps rejections from the DLQ topic, and refuses undecodable records without blocking the partition', async () => {
    const databaseUrl = await freshDatabase();
    databases.push(databaseUrl);
    const rejection: DlqRecord = {
      deliveryId: '0190f1f4-8a5e-7cc3-9a4e-6f1d2c3b4a59',
      stage: 'normalizer',
      reason: 'malformed-json',
      detail: 'Unexpected token } in JSON at position 12',
      path: null,
      rejectedAt: '2026-11-23T09:00:01Z',
      envelope: {
        deliveryId: '0190f1f4-8a5e-7cc3-9a4e-6f1d2c3b4a59',
        source: 'clickpost.webhook',
        receivedAt: '2026-11-23T09:00:00Z',
        contentType: 'application/json',
        headers: {},
        body: '{"waybill": \u0000 }',
        contentSha256: 'a'.repeat(64),
        partitionKey: 'x',
      },
    };
    await produceRejections(io.producer, io.codec, names, [rejection]);
    await io.producer.send({
      topic: names.shipmentEvents,
      acks: -1,
      messages: [{ key: 'garbage', value: Buffer.from('not a registry-framed record') }],
    });
    const tail = generateHistory({ seed: 9, shipments: 2 }).events;
    await produceEvents(io.producer, io.codec, names, tail);
    const running = await startProjector(io.kafka, names, databaseUrl);
    try {
      await waitCaughtUp(io.admin, running.pool, names);
      const { rows } = await running.pool.query('SELECT reason, detail, envelope FROM dlq_records');
      expect(rows).toEqual([
        { reason: 'malformed-json', detail: rejection.detail, envelope: JSON.stringify(rejection.envelope) },
      ]);
      expect(
        await counter(running.metrics, 'shipfold_projector_events_refused_total', { reason: 'undecodable' }),
      ).toBe(2);
      const [last] = await readShipments(
        running.pool,
        tables,
        (tail.at(-1) as ShipmentStatusObserved).waybill,
      );
      expect(last).toBeDefined();
    } finally {
      await running.stop();
    }
  });
});
