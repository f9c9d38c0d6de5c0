import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { topicNames, topicValueSchemas } from '@shipfold/contracts';
import { describe, expect, it } from 'vitest';
import { createCodec } from '../src/index';

/** A registry whose register() answers from a script of outcomes, one per call. */
function scriptedRegistry(outcomes: (number | Error)[]) {
  const subjects: string[] = [];
  const registry = {
    register: async (_schema: unknown, { subject }: { subject: string }) => {
      subjects.push(subject);
      const outcome = outcomes.shift() ?? 1;
      if (outcome instanceof Error) throw outcome;
      return { id: outcome };
    },
  } as unknown as SchemaRegistry;
  return { registry, subjects };
}

const answered = (status: number, message: string) => Object.assign(new Error(message), { status });

describe('registering the topics’ schemas', () => {
  it('registers again at once when another process set the compatibility rule at the same moment (409)', async () => {
    const names = topicNames('t');
    const topics = Object.keys(topicValueSchemas(names));
    const { registry, subjects } = scriptedRegistry([
      answered(409, "Confluent_Schema_Registry - A rule named 'COMPATIBILITY' already exists."),
      ...topics.map((_, index) => index + 10),
    ]);
    const ids = await createCodec(registry, names).register();
    // The first subject twice (the conflict, then the registration), every other once.
    expect(subjects[0]).toBe(subjects[1]);
    expect(subjects).toHaveLength(topics.length + 1);
    expect(Object.values(ids)).toEqual(topics.map((_, index) => index + 10));
  });

  it('lets any other failure through, a 409 of another kind included', async () => {
    const names = topicNames('t');
    const conflict = answered(409, 'Schema being registered is incompatible with an earlier schema');
    await expect(createCodec(scriptedRegistry([conflict]).registry, names).register()).rejects.toBe(conflict);
    const down = answered(503, 'Service Unavailable');
    await expect(createCodec(scriptedRegistry([down]).registry, names).register()).rejects.toBe(down);
  });
});
