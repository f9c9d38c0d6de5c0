import { type DlqRecord, type RawEnvelope, topicNames } from '@shipfold/contracts';
import { fixture } from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import { encodePlan, isPermanent } from '../src/encode';
import { planRecord } from '../src/plan';

const names = topicNames('t');
const options = { clickpostZone: 'Asia/Kolkata' };
const NOW = new Date('2024-03-01T10:00:05.000Z');

const envelope = (body: string, source: RawEnvelope['source'] = 'clickpost.webhook'): RawEnvelope => ({
  deliveryId: '0190f0e2-7c1a-7000-8000-0000000000aa',
  source,
  receivedAt: '2024-03-01T10:00:00.000Z',
  contentType: 'application/json',
  headers: {},
  body,
  contentSha256: 'a'.repeat(64),
  partitionKey: '14:P0109276342',
});

describe('planRecord', () => {
  it('events go to their topic keyed by aggregate', () => {
    const plan = planRecord(
      envelope(fixture('clickpost/clickpost_webhook_all-events-ofd_2.json')),
      names,
      options,
      NOW,
    );
    expect(plan.kind).toBe('publish');
    if (plan.kind !== 'publish') return;
    expect(plan.records.map(({ topic, key, counts }) => ({ topic, key, counts }))).toEqual([
      { topic: 't.shipment-events.v1', key: '14:P0109276342', counts: { event: 'shipment.status-observed' } },
    ]);
    const returns = planRecord(
      envelope(fixture('clickpost/seed_return-order-placed.json')),
      names,
      options,
      NOW,
    );
    expect(returns.kind === 'publish' && returns.records.map(({ topic, key }) => [topic, key])).toEqual([
      ['t.return-events.v1', '5522110373319'],
    ]);
  });

  it('a rejected delivery becomes one DLQ record with the original envelope, keyed like it', () => {
    const raw = envelope('{"waybill": ');
    const plan = planRecord(raw, names, options, NOW);
    expect(plan.kind === 'publish' && plan.records).toEqual([
      {
        topic: 't.dlq.v1',
        key: '14:P0109276342',
        counts: { rejection: 'malformed-json' },
        value: {
          deliveryId: raw.deliveryId,
          stage: 'normalizer',
          reason: 'malformed-json',
          detail: expect.stringContaining('not valid JSON'),
          path: null,
          rejectedAt: '2024-03-01T10:00:05.000Z',
          envelope: raw,
        } satisfies DlqRecord,
      },
    ]);
  });

  it('a record that is not a raw envelope is undeliverable, not thrown', () => {
    for (const value of [null, 'text', { deliveryId: 'x' }, { ...envelope('{}'), source: '' }]) {
      expect(planRecord(value, names, options, NOW)).toMatchObject({ kind: 'undeliverable' });
    }
  });

  it('an envelope from a source this normalizer does not know is dead-lettered whole as unknown-source', () => {
    const raw = { ...envelope('{"waybill": "1"}'), source: 'shopify.webhook' };
    const plan = planRecord(raw, names, options, NOW);
    expect(plan.kind === 'publish' && plan.records).toEqual([
      expect.objectContaining({
        topic: 't.dlq.v1',
        counts: { rejection: 'unknown-source' },
        value: expect.objectContaining({ reason: 'unknown-source', envelope: raw }),
      }),
    ]);
  });
});

describe('encodePlan', () => {
  const validation = Object.assign(new Error('invalid payload'), {
    name: 'ConfluentSchemaRegistryValidationError',
  });

  it('encodes every record of a plan', async () => {
    const plan = planRecord(
      envelope(fixture('clickpost/seed_return-order-placed.json')),
      names,
      options,
      NOW,
    );
    const encoded = await encodePlan(plan, async (topic) => Buffer.from(topic), names, NOW);
    expect(encoded.kind === 'publish' && encoded.messages.map((m) => m.value.toString())).toEqual([
      't.return-events.v1',
    ]);
  });

  it('an event refused by the topic contract turns the delivery into a DLQ record', async () => {
    const plan = planRecord(
      envelope(fixture('clickpost/clickpost_webhook_all-events-ofd_2.json')),
      names,
      options,
      NOW,
    );
    const encoded = await encodePlan(
      plan,
      async (topic) => {
        if (topic !== names.dlq) throw validation;
        return Buffer.from('dlq');
      },
      names,
      NOW,
    );
    expect(encoded).toMatchObject({
      kind: 'publish',
      messages: [{ topic: 't.dlq.v1', counts: { rejection: 'schema-violation' } }],
    });
  });

  it('a DLQ record the contract refuses too is undeliverable', async () => {
    const plan = planRecord(envelope('nope'), names, options, NOW);
    const encoded = await encodePlan(plan, async () => Promise.reject(validation), names, NOW);
    expect(encoded).toMatchObject({ kind: 'undeliverable' });
  });

  it('a transient failure (registry unreachable) propagates, so the batch is retried', async () => {
    const plan = planRecord(envelope('nope'), names, options, NOW);
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    await expect(encodePlan(plan, async () => Promise.reject(unreachable), names, NOW)).rejects.toThrow(
      'ECONNREFUSED',
    );
    expect(isPermanent(unreachable)).toBe(false);
    expect(isPermanent(Object.assign(new Error('not found'), { status: 404 }))).toBe(true);
  });
});
