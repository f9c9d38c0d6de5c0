import type { DomainEvent, RawEnvelope, Source } from '@shipfold/contracts';
import { expect } from 'vitest';
import { type Normalized, normalize } from '../src/index';

/** A fixture body, byte for byte as text: `fixture('clickpost/seed_return-order-placed.json')`. */
export { fixture } from '@shipfold/test-support';

export const RECEIVED_AT = '2024-03-01T10:00:00.000Z';

export function envelope(source: Source, body: string, headers: Record<string, string> = {}): RawEnvelope {
  return {
    deliveryId: '0190f0e2-7c1a-7000-8000-000000000001',
    source,
    receivedAt: RECEIVED_AT,
    contentType: 'application/json',
    headers,
    body,
    contentSha256: '0'.repeat(64),
    partitionKey: 'test',
  };
}

export const ZONE = { clickpostZone: 'Asia/Kolkata' };

export const run = (source: Source, body: string, headers: Record<string, string> = {}): Normalized =>
  normalize(envelope(source, body, headers), ZONE);

/** The events of a payload that must normalize. */
export function eventsOf(source: Source, body: string, headers: Record<string, string> = {}): DomainEvent[] {
  const result = run(source, body, headers);
  if (!result.ok) throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return result.events;
}

/** The single event of a payload, narrowed to its type. */
export function onlyEvent<T extends DomainEvent['type']>(
  type: T,
  source: Source,
  body: string,
  headers: Record<string, string> = {},
): Extract<DomainEvent, { type: T }> {
  const events = eventsOf(source, body, headers);
  expect(events).toHaveLength(1);
  const [event] = events;
  expect(event?.type).toBe(type);
  return event as Extract<DomainEvent, { type: T }>;
}

/** The rejection of a payload that must be rejected. */
export function rejectionOf(source: Source, body: string, headers: Record<string, string> = {}) {
  const result = run(source, body, headers);
  if (result.ok) throw new Error(`expected a rejection, got ${result.events.length} events`);
  return result;
}

export const json = (value: unknown): string => JSON.stringify(value);
