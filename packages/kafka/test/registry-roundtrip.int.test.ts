import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { DlqRecord, RawEnvelope, toJsonSchema, valueSubject } from '@shipfold/contracts';
import { freshTopics } from '@shipfold/test-support/integration';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createCodec, createKafka, createProducer, createRegistry } from '../src';

const { kafkaBrokers, schemaRegistryUrl } = inject('endpoints');
const kafka = createKafka({ brokers: kafkaBrokers.split(','), clientId: 'roundtrip-test' });
const producer = createProducer(kafka);
const consumers: Array<{ disconnect(): Promise<void> }> = [];

afterAll(async () => {
  await producer.disconnect();
  await Promise.all(consumers.map((consumer) => consumer.disconnect()));
});

const envelope: RawEnvelope = {
  deliveryId: '0190f1f4-8a5e-7cc3-9a4e-6f1d2c3b4a59',
  source: 'clickpost.webhook',
  receivedAt: '2026-11-23T09:00:00.000Z',
  contentType: 'application/json',
  headers: { 'user-agent': 'clickpost' },
  body: '{"waybill": "123", "cp_id": 4}',
  contentSha256: 'a'.repeat(64),
  partitionKey: '4:123',
};

describe('Kafka + schema registry round trip', () => {
  it('registers the contracts, produces a registry-encoded record, and consumes and decodes it', async () => {
    const { names } = await freshTopics(1);
    const registry = createRegistry(schemaRegistryUrl);
    const codec = createCodec(registry, names);
    const ids = await codec.register();
    expect(Object.keys(ids).sort()).toEqual(Object.values(names).sort());
    expect(await registry.getLatestSchemaId(valueSubject(names.raw))).toBe(ids[names.raw]);

    await producer.connect();
    const value = await codec.encode(names.raw, envelope);
    expect(value[0]).toBe(0); // Confluent wire format: magic byte, then the 4-byte schema id
    expect(value.readInt32BE(1)).toBe(ids[names.raw]);
    await producer.send({ topic: names.raw, acks: -1, messages: [{ key: envelope.partitionKey, value }] });

    const consumer = kafka.consumer({ groupId: `${names.raw}-roundtrip` });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic: names.raw, fromBeginning: true });
    const received = new Promise<{ key: string | undefined; value: Buffer }>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.value) resolve({ key: message.key?.toString(), value: message.value });
        },
      });
    });
    const message = await received;
    expect(message.key).toBe('4:123');
    // A reader that knows nothing but the registry URL decodes it.
    expect(await new SchemaRegistry({ host: schemaRegistryUrl }).decode(message.value)).toEqual(envelope);
  });

  it('refuses to encode a value that breaks the contract', async () => {
    const { names } = await freshTopics(1);
    const codec = createCodec(createRegistry(schemaRegistryUrl), names);
    await codec.register();
    await expect(codec.encode(names.raw, { ...envelope, source: 'fax.machine' })).rejects.toThrow(
      /invalid payload/,
    );
  });

  it('accepts a backward-compatible evolution of a contract and refuses a breaking one', async () => {
    const { names } = await freshTopics(1);
    const registry = createRegistry(schemaRegistryUrl);
    await createCodec(registry, names).register();
    const current = toJsonSchema(DlqRecord) as { properties: Record<string, unknown>; required: string[] };
    const evolve = (schema: object) =>
      registry.register(
        { type: SchemaType.JSON, schema: JSON.stringify(schema) },
        { subject: valueSubject(names.dlq), compatibility: COMPATIBILITY.BACKWARD },
      );

    const withOptionalField = { ...current, properties: { ...current.properties, note: { type: 'string' } } };
    await expect(evolve(withOptionalField)).resolves.toHaveProperty('id');
    const withRequiredField = { ...withOptionalField, required: [...current.required, 'note'] };
    await expect(evolve(withRequiredField)).rejects.toThrow(/409|incompatible/i);
  });

  it('took bodyBase64 into the raw envelope and the DLQ record as a BACKWARD-compatible change', async () => {
    const { names } = await freshTopics(1);
    const registry = createRegistry(schemaRegistryUrl);
    type Schema = { properties: Record<string, Schema>; required?: string[] };
    const withoutBodyBase64 = (schema: Schema): Schema => {
      const { bodyBase64: _added, ...properties } = schema.properties;
      return { ...schema, properties };
    };
    const raw = toJsonSchema(RawEnvelope) as Schema;
    const dlq = toJsonSchema(DlqRecord) as Schema;
    const before = {
      raw: withoutBodyBase64(raw),
      dlq: {
        ...dlq,
        properties: { ...dlq.properties, envelope: withoutBodyBase64(dlq.properties.envelope as Schema) },
      },
    };
    expect(raw.properties.bodyBase64).toBeDefined();
    expect(before.dlq.properties.envelope?.properties.bodyBase64).toBeUndefined();
    for (const [topic, previous, current] of [
      [names.raw, before.raw, raw],
      [names.dlq, before.dlq, dlq],
    ] as const) {
      const register = (schema: object) =>
        registry.register(
          { type: SchemaType.JSON, schema: JSON.stringify(schema) },
          { subject: valueSubject(topic), compatibility: COMPATIBILITY.BACKWARD },
        );
      const first = await register(previous);
      const second = await register(current);
      expect(second.id).not.toBe(first.id);
    }
  });

  it('registers with BACKWARD compatibility', async () => {
    const { names } = await freshTopics(1);
    await createCodec(createRegistry(schemaRegistryUrl), names).register();
    const response = await fetch(
      `${schemaRegistryUrl}/config/${encodeURIComponent(valueSubject(names.dlq))}`,
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { compatibilityLevel: string }).compatibilityLevel).toBe('BACKWARD');
  });
});
