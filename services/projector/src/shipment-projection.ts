import type { ShipmentStatusObserved } from '@shipfold/contracts';
import {
  digestShipmentEvent,
  mergeHeads,
  mergeScan,
  RefusedEventError,
  type ShipmentEventDigest,
  type ShipmentHead,
} from '@shipfold/domain';
import { countRefusal, emptyReport, type Projection } from './projection';
import { insertScans, keyString, type ScanRow, writeHeads } from './shipment-rows';

/**
 * shipments + shipment_scans from shipment.status-observed events. Per batch: fold the batch's events
 * per shipment in memory, then join the result into the stored rows (new shipments COPYed in, the
 * others merged in SQL, see shipment-rows.ts) and insert the scans.
 */
export const shipmentProjection: Projection = {
  name: 'shipments',
  kinds: ['shipment-events'],
  tables: ['shipments', 'shipment_scans'],

  async apply({ db, tables, warn }, _kind, records) {
    const report = emptyReport();
    const byShipment = new Map<string, { head: ShipmentHead; arrivals: ShipmentEventDigest[] }>();
    const scans = new Map<string, ScanRow>();
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
      const key = keyString(digest.head);
      const shipment = byShipment.get(key);
      if (shipment) {
        shipment.head = mergeHeads(shipment.head, digest.head);
        shipment.arrivals.push(digest);
      } else {
        byShipment.set(key, { head: digest.head, arrivals: [digest] });
      }
      const scanKey = `${key}\u0000${digest.scan.eventId}`;
      const known = scans.get(scanKey);
      scans.set(scanKey, {
        key: digest.head,
        scan: known ? mergeScan(known.scan, digest.scan) : digest.scan,
      });
    }
    if (byShipment.size === 0) return report;

    const before = await writeHeads(
      db,
      tables,
      [...byShipment.values()].map((shipment) => shipment.head),
    );
    const newScans = await insertScans(db, tables, [...scans.values()], before);

    // Out of order: an event whose own scan is older than its shipment's current status when it
    // arrived (the stored one, then the batch's running fold).
    for (const [key, { arrivals }] of byShipment) {
      let current = before.get(key);
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
