import type {
  ReturnPlaced,
  ReturnProcessed,
  ReturnUpdated,
  ShipmentStatusObserved,
  StatusObservation,
} from '@shipfold/contracts';

/** Test builders: complete, valid domain events with overridable fields. */

export function observation(
  statusCode: number,
  occurredAt: string,
  status = `status ${statusCode}`,
): StatusObservation {
  return {
    statusCode,
    status,
    description: null,
    bucket: null,
    bucketDescription: null,
    location: null,
    remark: null,
    occurredAt,
  };
}

export function statusObserved(
  overrides: Partial<ShipmentStatusObserved> & Pick<ShipmentStatusObserved, 'statusCode' | 'occurredAt'>,
): ShipmentStatusObserved {
  const waybill = overrides.waybill ?? 'AWB1';
  const base = observation(overrides.statusCode, overrides.occurredAt, overrides.status);
  return {
    type: 'shipment.status-observed',
    eventId: `${waybill}|${overrides.statusCode}|${overrides.occurredAt}`,
    source: 'clickpost.webhook',
    deliveryId: 'delivery-1',
    receivedAt: '2024-01-01T00:00:00Z',
    waybill,
    cpId: 4,
    accountCode: null,
    ...base,
    latestStatus: null,
    latestStatusCode: null,
    ndrCode: null,
    ndrDescription: null,
    edd: null,
    isRvp: false,
    forwardAwb: null,
    forwardReference: null,
    returnReference: null,
    referenceNumber: null,
    notificationEventId: null,
    ...overrides,
  };
}

const returnFacts = {
  platform: 'clickpost' as const,
  returnReference: null,
  returnAwb: null,
  cpId: null,
  forwardAwb: null,
  forwardReference: null,
  forwardOrderId: null,
  status: null,
  statusCode: null,
  refundMode: null,
  selfShipped: null,
  items: [],
};

const meta = (eventId: string, occurredAt: string) => ({
  eventId,
  occurredAt,
  deliveryId: `delivery-${eventId}`,
  receivedAt: '2024-01-01T00:00:00Z',
});

export const item = (sku: string, quantity = 1, more: Partial<ReturnPlaced['items'][number]> = {}) => ({
  sku,
  quantity,
  reason: null,
  refundMode: null,
  qcStatus: null,
  qcReason: null,
  status: null,
  ...more,
});

export function returnPlaced(
  eventId: string,
  occurredAt: string,
  overrides: Partial<Omit<ReturnPlaced, 'type'>> = {},
): ReturnPlaced {
  return {
    type: 'return.placed',
    source: 'clickpost.webhook',
    ...meta(eventId, occurredAt),
    ...returnFacts,
    ...overrides,
  };
}

export function returnUpdated(
  eventId: string,
  occurredAt: string,
  overrides: Partial<Omit<ReturnUpdated, 'type'>> = {},
): ReturnUpdated {
  return {
    type: 'return.updated',
    source: 'clickpost.returns-delta',
    ...meta(eventId, occurredAt),
    ...returnFacts,
    ...overrides,
  };
}

export function returnProcessed(
  eventId: string,
  occurredAt: string,
  overrides: Partial<Omit<ReturnProcessed, 'type'>> & Pick<ReturnProcessed, 'returnReference'>,
): ReturnProcessed {
  return {
    type: 'return.processed',
    source: 'increff.return-callback',
    ...meta(eventId, occurredAt),
    forwardReference: null,
    locationCode: null,
    items: [],
    ...overrides,
  };
}

/** Every permutation of a small array (for exhaustive order tests). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((first, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [first, ...rest]),
  );
}
