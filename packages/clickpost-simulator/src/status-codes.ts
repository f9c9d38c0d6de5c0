/**
 * Clickpost's unified tracking codes as its webhooks spell them (reference: status-codes and
 * status-bucket tables; descriptions in the CamelCase the published webhooks use).
 */
export interface StatusCode {
  code: number;
  description: string;
  bucket: number;
  bucketDescription: string;
  /** Courier status texts and remarks the simulator picks from for this code. */
  texts: readonly { status: string; remark: string }[];
}

const BUCKETS: Record<number, string> = {
  1: 'Order placed',
  2: 'Dispatched',
  3: 'In transit',
  4: 'Out for delivery',
  5: 'Failed delivery',
  6: 'Delivered',
  7: 'Returned',
  8: 'Lost',
  9: 'Damaged',
};

const code = (
  value: number,
  description: string,
  bucket: number,
  texts: [status: string, remark: string][],
): StatusCode => ({
  code: value,
  description,
  bucket,
  bucketDescription: BUCKETS[bucket] ?? '',
  texts: texts.map(([status, remark]) => ({ status, remark })),
});

export const STATUS_CODES: ReadonlyMap<number, StatusCode> = new Map(
  [
    code(1, 'OrderPlaced', 1, [
      ['Manifested', 'Shipment details manifested'],
      ['Manifested', 'Pickup scheduled'],
    ]),
    code(2, 'PickupPending', 1, [['Not Picked', 'Shipment not ready for pickup']]),
    code(3, 'PickupFailed', 1, [['Not Picked', 'Customer not available for pickup']]),
    code(4, 'PickedUp', 2, [
      ['Picked Up', 'Shipment picked up'],
      ['In Transit', 'Shipment Picked Up from Client Location'],
    ]),
    code(5, 'InTransit', 3, [
      ['In Transit', 'Reached the nearest hub'],
      ['In Transit', 'Bag received at facility'],
      ['In Transit', 'Shipment dispatched from origin hub'],
      ['Pending', 'Added to Bag'],
    ]),
    code(6, 'OutForDelivery', 4, [['Out for Delivery', 'Out For Delivery']]),
    code(8, 'Delivered', 6, [
      ['Delivered', 'Delivered to consignee'],
      ['Delivered', 'Delivered successfully'],
    ]),
    code(9, 'FailedDelivery', 5, [
      ['Pending', 'Customer unavailable'],
      ['Pending', 'Consignee refused to accept'],
    ]),
    code(10, 'CancelledOrder', 1, [['Cancelled', 'Order cancelled by merchant']]),
    code(11, 'RTORequested', 7, [['RTO Requested', 'Return to origin requested']]),
    code(12, 'RTOMarked', 7, [['RTO', 'Marked as return']]),
    code(14, 'RTODelivered', 7, [['RTO Delivered', 'Returned to shipper']]),
    code(16, 'Lost', 8, [['Lost', 'Shipment lost in transit']]),
    code(21, 'RTO-InTransit', 7, [['RTO In Transit', 'RTO shipment in transit']]),
    code(25, 'OutForPickup', 1, [['Out for Pickup', 'Out for Pickup']]),
    code(28, 'AWBRegistered', 1, [['AWB Registered', 'AWB registered on Clickpost']]),
  ].map((status) => [status.code, status]),
);

export function statusCode(value: number): StatusCode {
  const status = STATUS_CODES.get(value);
  if (!status) throw new RangeError(`no status code ${value} in the simulator's table`);
  return status;
}

/** NDR codes (reference: ndr-codes table) the simulator attaches to failed deliveries. */
export const NDR_REASONS: readonly { code: number; description: string }[] = [
  { code: 1, description: 'Customer Unavailable' },
  { code: 2, description: 'Rejected by Customer' },
  { code: 3, description: 'Delivery Rescheduled' },
  { code: 5, description: 'Customer Unreachable' },
  { code: 6, description: 'Address Issue' },
];

/** Return Order Placed (code 101), as the seed's webhook spells it. */
export const RETURN_ORDER_PLACED = {
  code: 101,
  description: 'Return Order Placed',
  bucket: 8,
  bucketDescription: 'Return Order Placed',
  notificationEvent: 11,
} as const;

/** Terminal codes: delivered, RTO delivered, lost, cancelled. */
export const TERMINAL_CODES: ReadonlySet<number> = new Set([8, 14, 16, 10]);
