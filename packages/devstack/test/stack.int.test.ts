import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import {
  type ComponentStatus,
  endpoints,
  stackStatus,
  stackUp,
  startComponent,
  stopComponent,
} from '../src/index';

const byName = (statuses: ComponentStatus[], name: ComponentStatus['name']) => {
  const found = statuses.find((s) => s.name === name);
  if (!found) throw new Error(`no status for ${name}`);
  return found;
};

describe('local stack', () => {
  it('stackUp on a running stack changes nothing: same processes, all up', async () => {
    const first = await stackUp();
    const second = await stackUp();
    expect(second.every((s) => s.up)).toBe(true);
    for (const name of ['kafka', 'registry'] as const) {
      expect(byName(second, name).pid, name).toBeDefined();
      expect(byName(second, name).pid, name).toBe(byName(first, name).pid);
    }
  });

  it('the registry keeps its schemas across a restart (they live in PostgreSQL)', {
    timeout: 240_000,
  }, async () => {
    await stackUp();
    const url = endpoints().schemaRegistryUrl;
    const subject = `devstack-restart-${Date.now()}-value`;
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: { id: { type: 'string' }, n: { type: 'integer' } },
      required: ['id'],
    };
    const { id } = await new SchemaRegistry({ host: url }).register(
      { type: SchemaType.JSON, schema: JSON.stringify(schema) },
      { subject },
    );
    const message = await new SchemaRegistry({ host: url }).encode(id, { id: 'a', n: 1 });

    await stopComponent('registry');
    const stopped = byName(await stackStatus(), 'registry');
    expect(stopped).toMatchObject({ up: false, state: 'down' });
    expect(stopped.pid).toBeUndefined();

    await startComponent('registry');
    expect(byName(await stackStatus(), 'registry').up).toBe(true);
    // Fresh clients, so nothing comes from a client-side cache.
    expect(await new SchemaRegistry({ host: url }).getLatestSchemaId(subject)).toBe(id);
    expect(await new SchemaRegistry({ host: url }).decode(message)).toEqual({ id: 'a', n: 1 });
    const config = await fetch(`${url}/config/${encodeURIComponent(subject)}`);
    expect(await config.json()).toMatchObject({ compatibilityLevel: 'BACKWARD' });
  });

  it('the library can register on a subject that has no compatibility level of its own', async () => {
    // Apicurio answers GET /config/{subject} with the global level there (Confluent: 404); the stack sets
    // the global level to BACKWARD so register() (which compares it with BACKWARD) goes on.
    const url = endpoints().schemaRegistryUrl;
    const subject = `devstack-no-level-${Date.now()}-value`;
    const schema = JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } });
    const raw = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schemaType: 'JSON', schema }),
    });
    expect(raw.status).toBe(200);
    const { id } = (await raw.json()) as { id: number };
    const registered = await new SchemaRegistry({ host: url }).register(
      { type: SchemaType.JSON, schema },
      { subject },
    );
    expect(registered.id).toBe(id);
  });
});
