import { eventIdsOf, type Ledger, type LoadDelivery } from '@shipfold/load-harness';
import type { Pool } from 'pg';

/**
 * Webhook → visible lag, sampled: every `everyMs` the probe takes the newest acknowledged Clickpost
 * scan (a first copy, not bad) and watches PostgreSQL until its scan is stored. Its samples say how
 * long, at any moment of the run, a webhook took from the ingress's 2xx to the read model.
 */

export interface LagSample {
  index: number;
  /** performance.now() of the acknowledgement. */
  ackedAt: number;
  /** performance.now() when the scan was first seen stored; null while it is not. */
  visibleAt: number | null;
}

export function startLagProbe(options: {
  pool: Pool;
  deliveries: readonly LoadDelivery[];
  ledger: Ledger;
  clickpostZone: string;
  everyMs?: number;
}) {
  const { pool, deliveries, ledger, clickpostZone, everyMs = 500 } = options;
  const samples: LagSample[] = [];
  const watching = new Map<string, LagSample>();
  let running = true;

  let scannedUpTo = 0;
  /** The newest acknowledged first copy of a scan since the last pick. */
  const pick = () => {
    const { ackOrder } = ledger;
    const from = scannedUpTo;
    scannedUpTo = ackOrder.length;
    for (let position = ackOrder.length - 1; position >= from; position--) {
      const index = ackOrder[position] as number;
      const delivery = deliveries[index] as LoadDelivery;
      if (delivery.vendor !== 'clickpost' || delivery.duplicate || delivery.bad) continue;
      if (!delivery.factId.startsWith('scan:')) continue;
      return { index, at: (ledger.acked.get(index) as { at: number }).at };
    }
    return null;
  };

  const loop = async () => {
    let lastPick = 0;
    while (running) {
      const now = performance.now();
      if (now - lastPick >= everyMs) {
        lastPick = now;
        const chosen = pick();
        const eventId = chosen && eventIdsOf(deliveries[chosen.index] as LoadDelivery, clickpostZone)[0];
        if (chosen && eventId) {
          const sample = { index: chosen.index, ackedAt: chosen.at, visibleAt: null };
          samples.push(sample);
          watching.set(eventId, sample);
        }
      }
      if (watching.size > 0) {
        const stored = await pool
          .query<{ event_id: string }>('SELECT event_id FROM shipment_scans WHERE event_id = ANY($1)', [
            [...watching.keys()],
          ])
          .catch(() => ({ rows: [] })); // PostgreSQL away is one of the faults: the sample waits
        const seenAt = performance.now();
        for (const { event_id } of stored.rows) {
          const sample = watching.get(event_id);
          if (sample) sample.visibleAt = seenAt;
          watching.delete(event_id);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const done = loop();
  return {
    samples,
    /** The first sample acknowledged at or after `since` that became visible: when flow was whole again. */
    visibleSince(since: number): LagSample | undefined {
      return samples.find((sample) => sample.ackedAt >= since && sample.visibleAt !== null);
    },
    async stop() {
      running = false;
      await done;
    },
  };
}
