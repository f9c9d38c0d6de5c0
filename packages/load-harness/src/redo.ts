import type { Prng } from '@shipfold/clickpost-simulator';

/**
 * Redo's side of the world: returns raised in Redo (a shop not on Clickpost returns), each created and
 * then updated as the return moves, and the webhooks Redo sends for them. Pure.
 */

export interface RedoReturn {
  /** Redo's return id: the return reference the pipeline keys it by. */
  id: string;
  /** The shop order's name (`#1234`): the forward reference. */
  orderName: string;
  externalOrderId: string;
  carrier: string;
  /** The return label's tracking number: the return AWB. */
  tracker: string;
  items: { id: string; sku: string; quantity: number; reason: string }[];
  /** Oldest first: `open` at creation, then what each update says. */
  states: { status: string; at: number }[];
}

const JOURNEYS: readonly (readonly string[])[] = [
  ['open', 'in_transit', 'delivered', 'complete'],
  ['open', 'in_transit', 'delivered'],
  ['open', 'in_transit'],
  ['open'],
  ['open', 'rejected'],
];
const REASONS = ['Too big', 'Too small', 'Changed my mind', 'Arrived damaged'];
const CARRIERS = ['USPS', 'UPS', 'FedEx'];
const HOUR = 60 * 60 * 1000;

const hex = (prng: Prng, length: number) =>
  Array.from({ length }, () => '0123456789abcdef'[prng.int(0, 15)]).join('');

export function generateRedoReturns(
  prng: Prng,
  options: { count: number; startAt: number; spreadMs: number },
): RedoReturn[] {
  return Array.from({ length: options.count }, () => {
    const createdAt = options.startAt + prng.int(0, options.spreadMs) + prng.int(0, 999);
    const journey = prng.pick(JOURNEYS);
    let at = createdAt;
    const states = journey.map((status, step) => {
      if (step > 0) at += prng.int(1, 48) * HOUR + prng.int(1, 999);
      return { status, at };
    });
    return {
      id: hex(prng, 24),
      orderName: `#${prng.digits(6)}`,
      externalOrderId: prng.digits(10),
      carrier: prng.pick(CARRIERS),
      tracker: `94001${prng.digits(17)}`,
      items: Array.from({ length: prng.int(1, 3) }, (_, index) => ({
        id: hex(prng, 24),
        sku: `REDO-${prng.digits(6)}-${index}`,
        quantity: prng.int(1, 3),
        reason: prng.pick(REASONS),
      })),
      states,
    };
  });
}

/** The webhook Redo sends when a return reaches `states[step]`: `created` first, `updated` after. */
export function redoWebhook(order: RedoReturn, step: number): Record<string, unknown> {
  const state = order.states[step];
  if (state === undefined) throw new Error(`return ${order.id} has no state ${step}`);
  const iso = (ms: number) => new Date(ms).toISOString();
  const created = order.states[0]?.at ?? state.at;
  return {
    type: step === 0 ? 'created' : 'updated',
    at: iso(state.at),
    merchantName: 'Shipfold Load Test',
    return: {
      id: order.id,
      type: 'return',
      status: state.status,
      createdAt: iso(created),
      updatedAt: iso(state.at),
      order: { id: `ord-${order.externalOrderId}`, name: order.orderName },
      externalOrderIds: [order.externalOrderId],
      items: order.items.map((item) => ({
        id: item.id,
        sku: item.sku,
        quantity: item.quantity,
        status: state.status,
        reason: item.reason,
      })),
      shipment: { carrier: order.carrier, status: state.status, tracker: order.tracker },
    },
  };
}
