import type { DomainEvent, EnvelopeOfAnySource, ShipmentStatusObserved } from '@shipfold/contracts';
import {
  foldShipment,
  pickupFactOf,
  type ReturnFact,
  resolveReturns,
  returnFactOf,
  shipmentKeyString,
  viewShipment,
} from '@shipfold/domain';
import { normalize } from '@shipfold/mapping';
import type { ObservedReturn, ObservedShipment } from './truth-check';

/**
 * The answer of one projector that saw everything: every raw envelope normalized, and the events
 * folded by the domain's pure folds, with no Kafka, no PostgreSQL and no partitions. What the
 * projector instances wrote must equal it. Pure.
 */

export interface FoldedAggregates {
  shipments: ObservedShipment[];
  returns: ObservedReturn[];
  /** Delivery ids of envelopes the mapping rejected (what the DLQ must hold). */
  rejected: string[];
}

export function normalizeAll(envelopes: Iterable<EnvelopeOfAnySource>, clickpostZone: string) {
  const events: DomainEvent[] = [];
  const rejected: string[] = [];
  for (const envelope of envelopes) {
    const normalized = normalize(envelope, { clickpostZone });
    if (normalized.ok) events.push(...normalized.events);
    else rejected.push(envelope.deliveryId);
  }
  return { events, rejected };
}

/**
 * Events split as the projections read them: shipment events by `cpId:waybill` (blank waybills
 * skipped, as the fold refuses them) and the return facts, a pickup fact per RVP scan included.
 */
export function groupEvents(events: Iterable<DomainEvent>): {
  shipmentEvents: Map<string, ShipmentStatusObserved[]>;
  facts: ReturnFact[];
} {
  const shipmentEvents = new Map<string, ShipmentStatusObserved[]>();
  const facts: ReturnFact[] = [];
  for (const event of events) {
    if (event.type === 'shipment.status-observed') {
      if (event.waybill.trim() === '') continue;
      const key = shipmentKeyString({ cpId: event.cpId, waybill: event.waybill });
      const group = shipmentEvents.get(key);
      if (group) group.push(event);
      else shipmentEvents.set(key, [event]);
      const pickup = pickupFactOf(event);
      if (pickup) facts.push(pickup);
    } else {
      facts.push(returnFactOf(event));
    }
  }
  return { shipmentEvents, facts };
}

export function foldEvents(events: Iterable<DomainEvent>): Omit<FoldedAggregates, 'rejected'> {
  const { shipmentEvents, facts } = groupEvents(events);
  const shipments = [...shipmentEvents.values()].map((group) => {
    const folded = foldShipment(group);
    if (!folded) throw new Error('empty group');
    const view = viewShipment(folded, folded.scans.values());
    return {
      waybill: view.waybill,
      cpId: view.cpId,
      currentStatusCode: view.current.statusCode,
      isTerminal: view.isTerminal,
      isRvp: view.isRvp,
      forwardAwb: view.forwardAwb,
      ndr: view.ndr,
      scans: view.scans,
    };
  });
  const returns = resolveReturns(facts).map((order) => ({
    returnReference: order.returnReference,
    forwardAwb: order.forwardAwb,
    forwardReference: order.forwardReference,
    returnAwb: order.returnAwb,
    cpId: order.cpId,
    items: order.items.map(({ sku, quantity, qcStatus }) => ({ sku, quantity, qcStatus })),
  }));
  return { shipments, returns };
}

export function foldRaw(envelopes: Iterable<EnvelopeOfAnySource>, clickpostZone: string): FoldedAggregates {
  const { events, rejected } = normalizeAll(envelopes, clickpostZone);
  return { ...foldEvents(events), rejected };
}
