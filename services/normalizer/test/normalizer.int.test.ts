import type { DlqRecord, DomainEvent, RawEnvelope } from '@shipfold/contracts';
import { normalize } from '@shipfold/mapping';
import { waitFor } from '@shipfold/test-support';
import { freshTopics } from '@shipfold/test-support/integration';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, foreignReader, rawEnvelope, rawProducer, startNormalizer } from './support';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const ZONE = { clickpostZone: 'Asia/Kolkata' };
const expectedEvents = (envelope: RawEnvelope): DomainEvent[] => {
  const result = normalize(envelope, ZONE);
  if (!result.ok) throw new Error(`fixture does not normalize: ${result.detail}`);
  return result.events;
};

async function metricsOf(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

describe('normalizer service', () => {
  it('turns raw envelopes into registered domain events and DLQ records that another team can decode', async () => {
    const { prefix, names } = await freshTopics(3);
    const raw = await rawProducer(names);
    cleanups.push(raw.close);
    const good = [
      rawEnvelope('clickpost.webhook', fixture('clickpost/clickpost_webhook_ndr-failed-delivery_1.json')),
      rawEnvelope('clickpost.webhook', fixture('clickpost/seed_return-order-placed.json')),
      rawEnvelope('clickpost.track-order', fixture('clickpost/clickpost_track-order_response_5.json'), {
        'x-clickpost-cp-id': '10',
      }),
      rawEnvelope('clickpost.returns-delta', fixture('clickpost/seed_returns-delta_response.json')),
      rawEnvelope('redo.webhook', fixture('redo/redo_webhook_return-event-created_1.json')),
      rawEnvelope('increff.return-callback', fixture('increff/seed_return-processing-callback.json')),
    ];
    const bad = [
      rawEnvelope('clickpost.webhook', fixture('clickpost/seed_return-order-placed_as-published.txt')),
      rawEnvelope('clickpost.webhook', fixture('clickpost/clickpost_test-webhook_failed-delivery_1.json')),
    ];
    await raw.produce([...good, ...bad]);

    const { normalizer, url } = await startNormalizer(prefix);
    cleanups.push(normalizer.stop);
    const reader = await foreignReader([names.shipmentEvents, names.returnEvents, names.dlq]);
    cleanups.push(reader.close);

    const events = good.flatMap(expectedEvents);
    expect(events).toHaveLength(1 + 1 + 7 + 1 + 1 + 1);
    await waitFor('every event and DLQ record', () => reader.received.length >= events.length + bad.length, {
      timeoutMs: 60_000,
    });

    // Each event exactly as the pure normalizer derives it, on its topic, keyed by its aggregate.
    const byId = new Map(
      reader.received
        .filter(({ topic }) => topic !== names.dlq)
        .map((record) => [(record.value as DomainEvent).eventId, record]),
    );
    for (const event of events) {
      const record = byId.get(event.eventId);
      expect(record?.value).toEqual(event);
      if (event.type === 'shipment.status-observed') {
        expect(record).toMatchObject({ topic: names.shipmentEvents, key: `${event.cpId}:${event.waybill}` });
      } else {
        expect(record?.topic).toBe(names.returnEvents);
      }
    }
    expect(byId.get(events[0]?.eventId ?? '')?.key).toBe('1:XYZABC');
    expect(
      reader.received
        .filter(({ topic }) => topic === names.returnEvents)
        .map(({ key }) => key)
        .sort(),
    ).toEqual(['5522110373319', '8036651667991648', '64df65d4c5a4ca3eff4b4e43', 'H893RUOT123'].sort());

    const dead = reader.received
      .filter(({ topic }) => topic === names.dlq)
      .map(({ value }) => value as DlqRecord);
    expect(dead.map(({ reason }) => reason).sort()).toEqual(['malformed-json', 'unsupported-event']);
    for (const record of dead) {
      const original = bad.find(({ deliveryId }) => deliveryId === record.deliveryId);
      expect(record).toMatchObject({ stage: 'normalizer', envelope: original });
    }

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const metrics = await metricsOf(url);
    expect(metrics).toMatch(/normalizer_events_produced_total\{type="shipment.status-observed"[^}]*\} 8/);
    expect(metrics).toMatch(/normalizer_rejections_total\{reason="malformed-json"[^}]*\} 1/);
    expect(metrics).toMatch(/normalizer_processing_seconds_count\{[^}]*\} 8/);
  });

  it('a poison record never blocks its partition, and offsets are committed past it only once written', async () => {
    const { prefix, names } = await freshTopics(1);
    const raw = await rawProducer(names);
    cleanups.push(raw.close);
    const first = rawEnvelope(
      'clickpost.webhook',
      fixture('clickpost/clickpost_webhook_all-events-ofd_2.json'),
    );
    const malformed = rawEnvelope('clickpost.webhook', '{"waybill": "P0109276342", "cp_id": 14,');
    const notFramed = Buffer.from('{"this is": "not in the registry wire format"}');
    const unknownSchema = Buffer.from([0, 0x7f, 0xff, 0xff, 0xf0, 0x7b, 0x7d]);
    const last = rawEnvelope(
      'clickpost.webhook',
      fixture('clickpost/clickpost_webhook_selected-delivered_1.json'),
    );
    await raw.produce([first, malformed, notFramed, unknownSchema, last], 0);

    const { normalizer, url } = await startNormalizer(prefix);
    cleanups.push(normalizer.stop);
    const reader = await foreignReader([names.shipmentEvents, names.dlq]);
    cleanups.push(reader.close);

    // Two topics are read independently: wait for the DLQ record as well as the last event.
    await waitFor(
      'the event of the record behind the poison, and the dead letter',
      () =>
        reader.received.some(({ value }) => (value as DomainEvent).deliveryId === last.deliveryId) &&
        reader.received.some(({ topic }) => topic === names.dlq),
    );
    expect(reader.received.filter(({ topic }) => topic === names.shipmentEvents)).toHaveLength(2);
    expect(reader.received.filter(({ topic }) => topic === names.dlq).map(({ value }) => value)).toEqual([
      expect.objectContaining({
        deliveryId: malformed.deliveryId,
        reason: 'malformed-json',
        envelope: malformed,
      }),
    ]);
    const committed = await waitFor('the committed offset past the last record', async () => {
      const [topic] = await raw.admin.fetchOffsets({ groupId: `${prefix}.normalizer`, topics: [names.raw] });
      const offset = topic?.partitions.find(({ partition }) => partition === 0)?.offset;
      return offset === '5' ? offset : undefined;
    });
    expect(committed).toBe('5');
    const metrics = await metricsOf(url);
    expect(metrics).toMatch(/normalizer_undeliverable_total\{[^}]*\} 2/);
  });
});
