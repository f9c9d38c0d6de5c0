import type { EnvelopeOfAnySource, TopicNames } from '@shipfold/contracts';
import { type Outgoing, type Plan, rejection } from './plan';

/** A record ready to send, and what it counts as. */
export interface Encoded {
  topic: string;
  key: string;
  value: Buffer;
  counts: Outgoing['counts'];
}

export type EncodedPlan =
  | { kind: 'publish'; envelope: EnvelopeOfAnySource; messages: Encoded[] }
  | { kind: 'undeliverable'; detail: string };

/**
 * Errors that say "this value can never be encoded or decoded" (not framed for the registry, invalid
 * under its schema, schema id unknown). Anything else — the registry unreachable, say — is not the
 * record's fault: it propagates, and the batch is retried from its last acknowledged offset.
 */
const PERMANENT_ERRORS = new Set([
  'ConfluentSchemaRegistryArgumentError',
  'ConfluentSchemaRegistryValidationError',
]);

export function isPermanent(error: unknown): boolean {
  // The registry library does not export its error classes; they carry their class name.
  if (error instanceof Error && PERMANENT_ERRORS.has(error.name)) return true;
  if (error instanceof SyntaxError || error instanceof RangeError) return true;
  return (error as { status?: unknown } | null)?.status === 404;
}

const messageOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * Encodes a plan's records through the registry. An event the topic contract refuses (it passed the
 * normalizer's own check, so the two disagree) turns the whole delivery into a DLQ record instead: no
 * partial set of events, no blocked partition.
 */
export async function encodePlan(
  plan: Plan,
  encode: (topic: string, value: unknown) => Promise<Buffer>,
  names: TopicNames,
  now: Date,
): Promise<EncodedPlan> {
  if (plan.kind === 'undeliverable') return plan;
  try {
    return { kind: 'publish', envelope: plan.envelope, messages: await encodeAll(plan.records, encode) };
  } catch (error) {
    if (!isPermanent(error)) throw error;
    const refused = rejection(
      plan.envelope,
      {
        reason: 'schema-violation',
        detail: `a derived record breaks its topic contract: ${messageOf(error)}`,
        path: null,
      },
      names,
      now,
    );
    try {
      return { kind: 'publish', envelope: plan.envelope, messages: await encodeAll([refused], encode) };
    } catch (dlqError) {
      if (!isPermanent(dlqError)) throw dlqError;
      return { kind: 'undeliverable', detail: `its DLQ record cannot be encoded: ${messageOf(dlqError)}` };
    }
  }
}

const encodeAll = (records: Outgoing[], encode: (topic: string, value: unknown) => Promise<Buffer>) =>
  Promise.all(
    records.map(async ({ topic, key, value, counts }) => ({
      topic,
      key,
      value: await encode(topic, value),
      counts,
    })),
  );
