import type { ShipmentStatusObserved, StatusObservation } from '@shipfold/contracts';
import { isTerminalStatus, NDR_CODES, STATUS_CODES } from './clickpost-codes';
import { compareStrings, earlier, fingerprint, later, latest, type Stamped, stamp } from './lattice';
import {
  eventIdOf,
  instantOf,
  optionalIdentifier,
  optionalText,
  RefusedEventError,
  storableText,
} from './text';

/**
 * The shipment fold: a join-semilattice over `shipment.status-observed` events.
 *
 * - scans: a set keyed by event id (the event id is derived from the vendor's identity of the scan,
 *   so a webhook and a poll of one scan are one scan). Two copies of one scan whose content differs
 *   (a poll renders a location differently, say) keep the copy with the greater content fingerprint.
 * - current status: the greatest of every status observed — each event's outer scan AND its
 *   `latest_status` — under the order below, so a late or repeated delivery never moves it back.
 * - NDR, EDD, forward links and references: latest by event time (`Stamped`), absent values never
 *   overwrite present ones (Clickpost only sends NDR on failed deliveries; it is the latest NDR).
 * - isRvp: true once any event says so. Older payload versions and polled results carry no
 *   `is_rvp` and read as false, so a false carries no information and must not win by time.
 *
 * Precedence of observed statuses (a total order; the greatest is current):
 *   1. later `occurredAt` (canonical instant, microseconds);
 *   2. terminal status over non-terminal (delivered, RTO delivered, cancelled, lost, expired,
 *      exchange delivered — see clickpost-codes.ts);
 *   3. higher Clickpost status code (within one instant, 6 out-for-delivery beats 5 in-transit,
 *      9 failed delivery beats 6);
 *   4. greater content fingerprint (SHA-256 hex of the observation): only to make the order total,
 *      so equal inputs always give one answer, in this code and in the projector's SQL alike.
 *
 * "Latest by event time" registers break ties of equal instants by value (lattice.ts compareValues,
 * the order of PostgreSQL's "C" collation for text), so the projector can take the same decisions
 * inside an INSERT … ON CONFLICT DO UPDATE.
 */

export interface Observation {
  statusCode: number;
  status: string;
  description: string | null;
  bucket: number | null;
  bucketDescription: string | null;
  location: string | null;
  remark: string | null;
  /** Canonical instant. */
  occurredAt: string;
  /**
   * SHA-256 of all of the above: the last tie-break between two observations (here and in SQL), and
   * what decides between two copies of one scan.
   */
  fingerprint: string;
}

export interface Scan extends Observation {
  eventId: string;
}

export interface Ndr {
  code: number;
  description: string | null;
}

export interface ShipmentKey {
  cpId: number;
  waybill: string;
}

/** Everything about a shipment except its scan set: what the projector keeps in one row. */
export interface ShipmentHead extends ShipmentKey {
  current: Observation;
  ndr: Stamped<Ndr> | null;
  edd: Stamped<string> | null;
  isRvp: boolean;
  forwardAwb: Stamped<string> | null;
  forwardReference: Stamped<string> | null;
  returnReference: Stamped<string> | null;
  referenceNumber: Stamped<string> | null;
  accountCode: Stamped<string> | null;
  /** Earliest and latest scan instant seen. */
  firstScanAt: string;
  lastScanAt: string;
}

export interface Shipment extends ShipmentHead {
  scans: ReadonlyMap<string, Scan>;
}

/** Positive when `a` takes precedence over `b` as the current status (see the order above). */
export function compareObservations(a: Observation, b: Observation): number {
  // Stryker disable next-line ConditionalExpression: equivalent, a shortcut: the comparison below gives 0 too
  if (a === b) return 0;
  return (
    compareStrings(a.occurredAt, b.occurredAt) ||
    Number(isTerminalStatus(a.statusCode)) - Number(isTerminalStatus(b.statusCode)) ||
    a.statusCode - b.statusCode ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

const greaterObservation = (a: Observation, b: Observation): Observation =>
  // Stryker disable next-line EqualityOperator: equivalent, observations that compare equal have equal fingerprints, so equal content
  compareObservations(a, b) >= 0 ? a : b;

export const shipmentKeyString = ({ cpId, waybill }: ShipmentKey): string => `${cpId}:${waybill}`;

/**
 * The shipment an event is about. Refused: a blank waybill (Clickpost's Return Order Placed webhook
 * has `waybill: ""` and `cp_id: -1`; that fact belongs to the return fold, not to a shipment).
 */
export function shipmentKeyOf(event: ShipmentStatusObserved): ShipmentKey {
  const waybill = optionalIdentifier(event.waybill, 'waybill');
  if (waybill === null || event.cpId < 0) {
    throw new RefusedEventError('missing-identity', 'shipment event without a waybill and courier');
  }
  return { cpId: event.cpId, waybill };
}

function observationOf(raw: StatusObservation, what: string): Observation {
  const statusCode = raw.statusCode;
  const status = storableText(raw.status);
  const description = optionalText(raw.description);
  const bucket = raw.bucket;
  const bucketDescription = optionalText(raw.bucketDescription);
  const location = optionalText(raw.location);
  const remark = optionalText(raw.remark);
  const occurredAt = instantOf(raw.occurredAt, what);
  return {
    statusCode,
    status,
    description,
    bucket,
    bucketDescription,
    location,
    remark,
    occurredAt,
    fingerprint: fingerprint([
      statusCode,
      status,
      description,
      bucket,
      bucketDescription,
      location,
      remark,
      occurredAt,
    ]),
  };
}

/** Whether two raw observations are the same, field for field, as sent. */
const sameObservation = (a: StatusObservation, b: StatusObservation): boolean =>
  // Stryker disable next-line ConditionalExpression: equivalent when false (reading the latest status again gives the same observation); `true` is killed by a test but shares the line
  a.statusCode === b.statusCode &&
  a.status === b.status &&
  a.description === b.description &&
  a.bucket === b.bucket &&
  a.bucketDescription === b.bucketDescription &&
  a.location === b.location &&
  a.remark === b.remark &&
  a.occurredAt === b.occurredAt;

/** What one event says about its shipment: the head of a one-event shipment, and its scan. */
export interface ShipmentEventDigest {
  head: ShipmentHead;
  scan: Scan;
}

/** Reads an event once into its head and scan. Throws RefusedEventError for unusable events. */
export function digestShipmentEvent(event: ShipmentStatusObserved): ShipmentEventDigest {
  const key = shipmentKeyOf(event);
  const outer = observationOf(event, 'occurredAt');
  const latest = event.latestStatus;
  // Most webhooks report their own scan as the latest status: no need to read (and hash) it twice.
  const reported = latest
    ? sameObservation(latest, event)
      ? outer
      : observationOf(latest, 'latestStatus.occurredAt')
    : null;
  const at = outer.occurredAt;
  const ndr: Ndr | null =
    event.ndrCode === null ? null : { code: event.ndrCode, description: optionalText(event.ndrDescription) };
  // Properties listed one by one: object spread is markedly slower here, and this runs per event.
  const head: ShipmentHead = {
    cpId: key.cpId,
    waybill: key.waybill,
    current: reported ? greaterObservation(outer, reported) : outer,
    ndr: stamp(ndr, at),
    edd: stamp(optionalText(event.edd), at),
    isRvp: event.isRvp,
    forwardAwb: stamp(optionalIdentifier(event.forwardAwb, 'forwardAwb'), at),
    forwardReference: stamp(optionalIdentifier(event.forwardReference, 'forwardReference'), at),
    returnReference: stamp(optionalIdentifier(event.returnReference, 'returnReference'), at),
    referenceNumber: stamp(optionalIdentifier(event.referenceNumber, 'referenceNumber'), at),
    accountCode: stamp(optionalText(event.accountCode), at),
    firstScanAt: at,
    lastScanAt: at,
  };
  const scan: Scan = {
    statusCode: outer.statusCode,
    status: outer.status,
    description: outer.description,
    bucket: outer.bucket,
    bucketDescription: outer.bucketDescription,
    location: outer.location,
    remark: outer.remark,
    occurredAt: outer.occurredAt,
    fingerprint: outer.fingerprint,
    eventId: eventIdOf(event),
  };
  return { head, scan };
}

/** The scan an event reports (its outer status). */
export const scanOf = (event: ShipmentStatusObserved): Scan => digestShipmentEvent(event).scan;

/** The same scan delivered twice: keep one copy, chosen by content alone. */
// Stryker disable next-line EqualityOperator: equivalent, equal fingerprints mean identical copies
export const mergeScan = (a: Scan, b: Scan): Scan => (a.fingerprint >= b.fingerprint ? a : b);

/** What one event alone says about its shipment (the head of a one-event shipment). */
export const headOf = (event: ShipmentStatusObserved): ShipmentHead => digestShipmentEvent(event).head;

function assertSameShipment(a: ShipmentKey, b: ShipmentKey): void {
  if (a.cpId !== b.cpId || a.waybill !== b.waybill) {
    throw new Error(`cannot merge shipment ${shipmentKeyString(a)} with ${shipmentKeyString(b)}`);
  }
}

export function mergeHeads(a: ShipmentHead, b: ShipmentHead): ShipmentHead {
  assertSameShipment(a, b);
  return {
    cpId: a.cpId,
    waybill: a.waybill,
    current: greaterObservation(a.current, b.current),
    ndr: later(a.ndr, b.ndr),
    edd: later(a.edd, b.edd),
    isRvp: a.isRvp || b.isRvp,
    forwardAwb: later(a.forwardAwb, b.forwardAwb),
    forwardReference: later(a.forwardReference, b.forwardReference),
    returnReference: later(a.returnReference, b.returnReference),
    referenceNumber: later(a.referenceNumber, b.referenceNumber),
    accountCode: later(a.accountCode, b.accountCode),
    firstScanAt: earlier(a.firstScanAt, b.firstScanAt),
    lastScanAt: latest(a.lastScanAt, b.lastScanAt),
  };
}

export function mergeShipments(a: Shipment, b: Shipment): Shipment {
  const scans = new Map(a.scans);
  for (const [eventId, scan] of b.scans) {
    const known = scans.get(eventId);
    scans.set(eventId, known ? mergeScan(known, scan) : scan);
  }
  return { ...mergeHeads(a, b), scans };
}

/** Folds one event into a shipment (or starts one). Throws RefusedEventError for unusable events. */
export function applyShipmentEvent(state: Shipment | undefined, event: ShipmentStatusObserved): Shipment {
  const { head, scan } = digestShipmentEvent(event);
  const single: Shipment = { ...head, scans: new Map([[scan.eventId, scan]]) };
  return state ? mergeShipments(state, single) : single;
}

export const foldShipment = (events: Iterable<ShipmentStatusObserved>): Shipment | undefined => {
  let state: Shipment | undefined;
  for (const event of events) state = applyShipmentEvent(state, event);
  return state;
};

/** How an event relates to the shipment as it stood before it arrived (for metrics, not for the fold). */
export type Arrival = 'new-shipment' | 'duplicate' | 'out-of-order' | 'in-order';

/** Out of order: the event's own scan is older than the shipment's current status. */
export const isOlderThanCurrent = (head: ShipmentHead, event: ShipmentStatusObserved): boolean =>
  instantOf(event.occurredAt, 'occurredAt') < head.current.occurredAt;

export function classifyArrival(state: Shipment | undefined, event: ShipmentStatusObserved): Arrival {
  if (!state) return 'new-shipment';
  if (state.scans.has(eventIdOf(event))) return 'duplicate';
  return isOlderThanCurrent(state, event) ? 'out-of-order' : 'in-order';
}

/** Scans oldest first; one instant: by status code, then event id (a stable, total order). */
export const compareScansByTime = (a: Scan, b: Scan): number =>
  compareStrings(a.occurredAt, b.occurredAt) ||
  a.statusCode - b.statusCode ||
  compareStrings(a.eventId, b.eventId);

export interface ShipmentView {
  waybill: string;
  cpId: number;
  current: {
    statusCode: number;
    description: string | null;
    bucket: number | null;
    bucketDescription: string | null;
    status: string;
    location: string | null;
    remark: string | null;
    occurredAt: string;
  };
  isTerminal: boolean;
  ndr: Ndr | null;
  edd: string | null;
  isRvp: boolean;
  forwardAwb: string | null;
  forwardReference: string | null;
  returnReference: string | null;
  referenceNumber: string | null;
  accountCode: string | null;
  scans: {
    eventId: string;
    statusCode: number;
    description: string | null;
    status: string;
    location: string | null;
    remark: string | null;
    occurredAt: string;
  }[];
}

/** Fills what older payloads leave out (description, bucket) from Clickpost's code tables. */
const describedStatus = (o: Observation) => ({
  description: o.description ?? STATUS_CODES.get(o.statusCode)?.name ?? null,
  bucket: o.bucket ?? STATUS_CODES.get(o.statusCode)?.bucket ?? null,
});

/** The read model of a shipment, given its head and its scans in any order. */
export function viewShipment(head: ShipmentHead, scans: Iterable<Scan>): ShipmentView {
  const { current } = head;
  return {
    waybill: head.waybill,
    cpId: head.cpId,
    current: {
      statusCode: current.statusCode,
      ...describedStatus(current),
      bucketDescription: current.bucketDescription,
      status: current.status,
      location: current.location,
      remark: current.remark,
      occurredAt: current.occurredAt,
    },
    isTerminal: isTerminalStatus(current.statusCode),
    ndr: head.ndr
      ? {
          code: head.ndr.value.code,
          description: head.ndr.value.description ?? NDR_CODES.get(head.ndr.value.code) ?? null,
        }
      : null,
    edd: head.edd?.value ?? null,
    isRvp: head.isRvp,
    forwardAwb: head.forwardAwb?.value ?? null,
    forwardReference: head.forwardReference?.value ?? null,
    returnReference: head.returnReference?.value ?? null,
    referenceNumber: head.referenceNumber?.value ?? null,
    accountCode: head.accountCode?.value ?? null,
    scans: [...scans].sort(compareScansByTime).map((scan) => ({
      eventId: scan.eventId,
      statusCode: scan.statusCode,
      description: describedStatus(scan).description,
      status: scan.status,
      location: scan.location,
      remark: scan.remark,
      occurredAt: scan.occurredAt,
    })),
  };
}
