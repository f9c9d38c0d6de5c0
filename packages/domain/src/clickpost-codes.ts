/**
 * Clickpost's unified tracking status codes and NDR codes (reference/clickpost/*status-codes*,
 * *status-bucket*, *ndr-codes*). The folds use them for two things only: which statuses end a
 * shipment's journey, and filling in a description or bucket that an older payload left out.
 */

export interface StatusCodeInfo {
  name: string;
  /** clickpost_status_bucket, or null for codes the bucket table does not list. */
  bucket: number | null;
  /** The journey ends here: nothing but a correction follows. */
  terminal: boolean;
}

const status = (name: string, bucket: number | null, terminal = false): StatusCodeInfo => ({
  name,
  bucket,
  terminal,
});

/**
 * Terminal: DELIVERED, CANCELLED_ORDER, RTO_DELIVERED, LOST, EXPIRED, EXCHANGE_DELIVERED. Not terminal
 * although in a "terminal bucket" (6, 7, 8): the RTO journey codes of bucket 7 (RTO_REQUESTED … RTO
 * in transit, which lead on to RTO_DELIVERED). DAMAGED (bucket 9) is not terminal: a damaged parcel
 * still travels (usually back as RTO).
 */
export const STATUS_CODES: ReadonlyMap<number, StatusCodeInfo> = new Map([
  [1, status('ORDER_PLACED', 1)],
  [2, status('PICKUP_PENDING', 1)],
  [3, status('PICKUP_FAILED', 1)],
  [4, status('PICKED_UP', 2)],
  [5, status('INTRANSIT', 3)],
  [6, status('OUT_FOR_DELIVERY', 4)],
  [7, status('NOT_SERVICEABLE', 5)],
  [8, status('DELIVERED', 6, true)],
  [9, status('FAILED_DELIVERY', 5)],
  [10, status('CANCELLED_ORDER', 1, true)],
  [11, status('RTO_REQUESTED', 7)],
  [12, status('RTO', 7)],
  [13, status('RTO_OUT_FOR_DELIVERY', 7)],
  [14, status('RTO_DELIVERED', 7, true)],
  [15, status('RTO_FAILED', 7)],
  [16, status('LOST', 8, true)],
  [17, status('DAMAGED', 9)],
  [18, status('SHIPMENT_DELAYED', 3)],
  [19, status('CONTACT_CUSTOMER_CARE', 3)],
  [20, status('SHIPMENT_HELD', 3)],
  [21, status('RTO_INTRANSIT', 7)],
  [23, status('EXPIRED', null, true)],
  [25, status('OUT_FOR_PICKUP', 1)],
  [26, status('RTO_CONTACT_CUSTOMER_CARE', 7)],
  [27, status('RTO_SHIPMENT_DELAY', 7)],
  [28, status('AWB_REGISTERED', 1)],
  [30, status('EXCHANGE_PICKUP', null)],
  [31, status('EXCHANGE_INTRANSIT', null)],
  [32, status('EXCHANGE_DELIVERED', null, true)],
  [101, status('RETURN_ORDER_PLACED', null)],
  [1004, status('DESTINATION_HUB_IN', null)],
]);

export const isTerminalStatus = (statusCode: number): boolean =>
  STATUS_CODES.get(statusCode)?.terminal ?? false;

export const NDR_CODES: ReadonlyMap<number, string> = new Map([
  [0, 'Unknown Exception'],
  [1, 'Customer Unavailable'],
  [2, 'Rejected by Customer'],
  [3, 'Delivery Rescheduled'],
  [4, 'No Attempt'],
  [5, 'Customer Unreachable'],
  [6, 'Address Issue'],
  [7, 'Payment Issue'],
  [8, 'Out Of Delivery Area'],
  [9, 'Order Already Cancelled'],
  [10, 'Self Collect'],
  [11, 'Shipment Seized By Customer'],
  [12, 'Customer wants open delivery'],
  [13, 'Shipment Misrouted by logistics partner'],
]);
