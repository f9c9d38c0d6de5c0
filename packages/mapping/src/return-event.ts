import type { ReturnPlaced, ReturnUpdated } from '@shipfold/contracts';
import { type Context, deliveryFields } from './context';

export type ReturnKind = 'placed' | 'updated';

/** The facts of a return event: everything but its type, id, time and delivery. */
export type ReturnFacts = Omit<
  ReturnPlaced,
  'type' | 'eventId' | 'occurredAt' | 'source' | 'deliveryId' | 'receivedAt'
>;

/** `return.placed` (a return request was raised) or `return.updated` (its state as of `occurredAt`). */
export function returnEvent(
  kind: ReturnKind,
  head: { eventId: string; occurredAt: string },
  context: Context,
  facts: ReturnFacts,
): ReturnPlaced | ReturnUpdated {
  const body = { eventId: head.eventId, occurredAt: head.occurredAt, ...deliveryFields(context), ...facts };
  return kind === 'placed' ? { type: 'return.placed', ...body } : { type: 'return.updated', ...body };
}
