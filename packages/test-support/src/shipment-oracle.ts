import { createHash } from 'node:crypto';
import type { ShipmentStatusObserved, StatusObservation } from '@shipfold/contracts';

/**
 * What a shipment aggregate must be, restated as plainly as possible from the fold rules
 * (docs/architecture.md, section 4), to check the fold (and the projector's SQL merge) against. It shares no code
 * with the fold: instants are read with Date, texts ordered by their UTF-8 bytes, and every choice
 * is a maximum over a list.
 *
 * - current status: the greatest of all observations (each event's own scan and its latest status)
 *   by instant, then terminal before non-terminal, then status code, then content fingerprint;
 * - scans: one per event id, the copy with the greatest content fingerprint;
 * - NDR, EDD, links and references: the value of the latest event that has one; at one instant, the
 *   greater value;
 * - isRvp: whether any event says so; first and last scan: the earliest and latest own scan.
 */

export interface ExpectedObservation {
  statusCode: number;
  status: string;
  description: string | null;
  bucket: number | null;
  bucketDescription: string | null;
  location: string | null;
  remark: string | null;
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ` */
  occurredAt: string;
}

export interface ExpectedShipment {
  current: ExpectedObservation;
  scans: Record<string, ExpectedObservation>;
  ndr: { code: number; description: string | null } | null;
  edd: string | null;
  isRvp: boolean;
  forwardAwb: string | null;
  forwardReference: string | null;
  returnReference: string | null;
  referenceNumber: string | null;
  accountCode: string | null;
  firstScanAt: string;
  lastScanAt: string;
}

/** Clickpost's terminal statuses: delivered, cancelled, RTO delivered, lost, expired, exchange delivered. */
const TERMINAL = new Set([8, 10, 14, 16, 23, 32]);

/** An ISO-8601 instant with a zone, as microseconds since the epoch (Date alone keeps milliseconds). */
function microseconds(text: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) throw new Error(`oracle: unexpected instant ${text}`);
  const [, seconds, fraction = '', zone] = match;
  const millis = Date.parse(`${seconds}${zone}`);
  return millis * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

function canonical(text: string): string {
  const us = microseconds(text);
  const whole = new Date(Math.floor(us / 1e6) * 1000).toISOString().slice(0, 19);
  return `${whole}.${String(us % 1e6).padStart(6, '0')}Z`;
}

/** Text in code point order, which is UTF-8 byte order (PostgreSQL's "C" collation). */
const compareText = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

const compareNullable = <T>(a: T | null, b: T | null, compare: (x: T, y: T) => number): number =>
  a === null ? (b === null ? 0 : -1) : b === null ? 1 : compare(a, b);

function expectedObservation(raw: StatusObservation): ExpectedObservation {
  return {
    statusCode: raw.statusCode,
    status: raw.status,
    description: raw.description,
    bucket: raw.bucket,
    bucketDescription: raw.bucketDescription,
    location: raw.location,
    remark: raw.remark,
    occurredAt: canonical(raw.occurredAt),
  };
}

const contentFingerprint = (o: ExpectedObservation): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        o.statusCode,
        o.status,
        o.description,
        o.bucket,
        o.bucketDescription,
        o.location,
        o.remark,
        o.occurredAt,
      ]),
    )
    .digest('hex');

const byPrecedence = (a: ExpectedObservation, b: ExpectedObservation): number =>
  microseconds(a.occurredAt) - microseconds(b.occurredAt) ||
  Number(TERMINAL.has(a.statusCode)) - Number(TERMINAL.has(b.statusCode)) ||
  a.statusCode - b.statusCode ||
  compareText(contentFingerprint(a), contentFingerprint(b));

function greatest<T>(items: T[], compare: (a: T, b: T) => number): T | null {
  let best: T | null = null;
  for (const item of items) if (best === null || compare(item, best) > 0) best = item;
  return best;
}

/** Blank identifiers are absent; others are kept trimmed. */
const identifier = (value: string | null): string | null => (value?.trim() ? value.trim() : null);

/** The value of the latest event that has one; at one instant, the greater value. */
function latestValue<T>(
  events: ShipmentStatusObserved[],
  read: (event: ShipmentStatusObserved) => T | null,
  compareValues: (a: T, b: T) => number,
): T | null {
  const candidates = events.flatMap((event) => {
    const value = read(event);
    return value === null ? [] : [{ value, at: microseconds(event.occurredAt) }];
  });
  return greatest(candidates, (a, b) => a.at - b.at || compareValues(a.value, b.value))?.value ?? null;
}

export function expectedShipment(events: ShipmentStatusObserved[]): ExpectedShipment {
  if (events.length === 0) throw new Error('oracle: a shipment needs at least one event');
  const own = events.map(expectedObservation);
  const reported = events.flatMap((event) =>
    event.latestStatus ? [expectedObservation(event.latestStatus)] : [],
  );
  const scans: Record<string, ExpectedObservation> = {};
  events.forEach((event, index) => {
    const id = event.eventId.trim();
    const copy = own[index] as ExpectedObservation;
    const known = scans[id];
    if (!known || compareText(contentFingerprint(copy), contentFingerprint(known)) > 0) scans[id] = copy;
  });
  const instants = own.map((o) => o.occurredAt).sort((a, b) => microseconds(a) - microseconds(b));
  return {
    current: greatest([...own, ...reported], byPrecedence) as ExpectedObservation,
    scans,
    ndr: latestValue(
      events,
      (e) => (e.ndrCode === null ? null : { code: e.ndrCode, description: e.ndrDescription }),
      (a, b) => a.code - b.code || compareNullable(a.description, b.description, compareText),
    ),
    edd: latestValue(events, (e) => e.edd, compareText),
    isRvp: events.some((e) => e.isRvp),
    forwardAwb: latestValue(events, (e) => identifier(e.forwardAwb), compareText),
    forwardReference: latestValue(events, (e) => identifier(e.forwardReference), compareText),
    returnReference: latestValue(events, (e) => identifier(e.returnReference), compareText),
    referenceNumber: latestValue(events, (e) => identifier(e.referenceNumber), compareText),
    accountCode: latestValue(events, (e) => e.accountCode, compareText),
    firstScanAt: instants[0] as string,
    lastScanAt: instants[instants.length - 1] as string,
  };
}

interface FoldedObservation extends ExpectedObservation {
  eventId?: string;
}

/** A folded shipment (head and scans, from the fold or read back from PostgreSQL) in the oracle's shape. */
export function asExpected(
  head: {
    current: FoldedObservation;
    ndr: { value: { code: number; description: string | null } } | null;
    edd: { value: string } | null;
    isRvp: boolean;
    forwardAwb: { value: string } | null;
    forwardReference: { value: string } | null;
    returnReference: { value: string } | null;
    referenceNumber: { value: string } | null;
    accountCode: { value: string } | null;
    firstScanAt: string;
    lastScanAt: string;
  },
  scans: Iterable<FoldedObservation & { eventId: string }>,
): ExpectedShipment {
  const observation = (o: FoldedObservation): ExpectedObservation => ({
    statusCode: o.statusCode,
    status: o.status,
    description: o.description,
    bucket: o.bucket,
    bucketDescription: o.bucketDescription,
    location: o.location,
    remark: o.remark,
    occurredAt: o.occurredAt,
  });
  return {
    current: observation(head.current),
    scans: Object.fromEntries([...scans].map((scan) => [scan.eventId, observation(scan)])),
    ndr: head.ndr && { code: head.ndr.value.code, description: head.ndr.value.description },
    edd: head.edd?.value ?? null,
    isRvp: head.isRvp,
    forwardAwb: head.forwardAwb?.value ?? null,
    forwardReference: head.forwardReference?.value ?? null,
    returnReference: head.returnReference?.value ?? null,
    referenceNumber: head.referenceNumber?.value ?? null,
    accountCode: head.accountCode?.value ?? null,
    firstScanAt: head.firstScanAt,
    lastScanAt: head.lastScanAt,
  };
}
