import type { ShipmentStatusObserved } from '@shipfold/contracts';
import {
  digestShipmentEvent,
  mergeHeads,
  mergeScan,
  RefusedEventError,
  type Scan,
  type ShipmentEventDigest,
  type ShipmentHead,
  shipmentKeyString,
} from '@shipfold/domain';
import { countRefusal, emptyReport, type Projection } from '../projection';
import { insertScans, writeHeads } from './write';

/** A shipment of the batch: its events folded so far, and its scans by event id. */
interface Pending {
  head: ShipmentHead;
  arrivals: ShipmentEventDigest[];
  scans: Map<string, Scan>;
}

/**
 * shipments + shipment_scans from shipment.status-observed events. Per batch: fold the batch's events
 * per shipment in memory, then join the result into the stored rows (new shipments COPYed in, the
 * others merged in SQL, see write.ts) and insert the scans.
 */
export const shipmentProjection: Projection = {
  name: 'shipments',
  kinds: ['shipment-events'],
  tables: ['shipments', 'shipment_scans'],

  async apply({ db, tables, warn }, _kind, records) {
    const report = emptyReport();
    // By waybill, then courier (rarely more than one): no key string built per event.
    const byWaybill = new Map<string, Pending[]>();
    const pending: Pending[] = [];
    for (const record of records) {
      const event = record.value as ShipmentStatusObserved;
      let digest: ShipmentEventDigest;
      try {
        digest = digestShipmentEvent(event);
      } catch (error) {
        if (!(error instanceof RefusedEventError)) throw error;
        countRefusal(report, error.reason);
        warn({ offset: String(record.offset), eventId: event.eventId, reason: error.reason }, error.message);
        continue;
      }
      const { head, scan } = digest;
      let couriers = byWaybill.get(head.waybill);
      if (couriers === undefined) {
        couriers = [];
        byWaybill.set(head.waybill, couriers);
      }
      let shipment = couriers.find((candidate) => candidate.head.cpId === head.cpId);
      if (shipment === undefined) {
        shipment = { head, arrivals: [digest], scans: new Map([[scan.eventId, scan]]) };
        couriers.push(shipment);
        pending.push(shipment);
        continue;
      }
      shipment.head = mergeHeads(shipment.head, head);
      shipment.arrivals.push(digest);
      const known = shipment.scans.get(scan.eventId);
      shipment.scans.set(scan.eventId, known ? mergeScan(known, scan) : scan);
    }
    if (pending.length === 0) return report;

    const before = await writeHeads(
      db,
      tables,
      pending.map((shipment) => shipment.head),
    );
    const newScans = await insertScans(
      db,
      tables,
      pending.map(({ head, scans }) => ({ key: head, scans: scans.values() })),
      before,
    );

    // Out of order: an event whose own scan is older than its shipment's current status when it
    // arrived (the stored one, then the batch's running fold).
    for (const { head: key, arrivals } of pending) {
      let current = before.get(shipmentKeyString(key));
      for (const { head, scan } of arrivals) {
        if (current !== undefined && scan.occurredAt < current) report.outOfOrder++;
        if (current === undefined || head.current.occurredAt > current) current = head.current.occurredAt;
        report.applied++;
      }
    }
    report.duplicates = report.applied - newScans;
    return report;
  },
};
