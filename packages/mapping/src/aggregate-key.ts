import type { DomainEvent, TopicNames } from '@shipfold/contracts';

/**
 * The Kafka key of an event: the aggregate it is about, so one aggregate's events share a partition.
 * - shipment: `${cpId}:${waybill}` (a waybill is unique per courier partner);
 * - return: the return reference (Clickpost return reference = Increff returnOrderCode; Redo return
 *   id), else the forward AWB, else the forward reference, else the delivery id. A return placed
 *   before Clickpost assigned its reference is keyed by its forward AWB; later events of the same
 *   return may land on another partition, which the order-insensitive fold does not mind.
 */
export function aggregateKey(event: DomainEvent): string {
  switch (event.type) {
    case 'shipment.status-observed':
      return `${event.cpId}:${event.waybill}`;
    case 'return.processed':
      return event.returnReference;
    default:
      return event.returnReference ?? event.forwardAwb ?? event.forwardReference ?? event.deliveryId;
  }
}

/** The topic an event belongs on. */
export const topicOf = (event: DomainEvent, names: TopicNames): string =>
  event.type === 'shipment.status-observed' ? names.shipmentEvents : names.returnEvents;
