import type { ReturnOrder, Scan, Shipment, World } from './journeys';
import { type PayloadOptions, returnPlacedWebhook, scanWebhook } from './payloads';
import type { Prng } from './prng';

/**
 * Which webhooks Clickpost sends, in which order: one per scan (several at once in a burst, all with
 * the burst's newest scan as `latest_status`), one per return placement; then the imperfections of a
 * real sender: disorder, duplicates and webhooks that are never delivered. Pure.
 */

export interface FaultOptions {
  /** Share of deliveries moved away from their place in time order. */
  disorderRate: number;
  /** How far (in deliveries) a displaced delivery may move. */
  maxDisplacement: number;
  /** Share of deliveries sent more than once. */
  duplicateRate: number;
  /** Share of deliveries never sent (Clickpost gave up): the poller must recover them. */
  dropRate: number;
  /** Share of scans that start a burst of 2–4 scans sent together. */
  burstRate: number;
  /** Share of RVP tracking webhooks carrying `additional.return_reference_number`. */
  rvpReferenceRate: number;
}

export const NO_FAULTS: FaultOptions = {
  disorderRate: 0,
  maxDisplacement: 0,
  duplicateRate: 0,
  dropRate: 0,
  burstRate: 0,
  rvpReferenceRate: 1,
};

export interface PlannedDelivery {
  /** Stable id of the fact delivered (duplicates share it). */
  factId: string;
  kind: 'scan' | 'return-placed';
  /** When Clickpost would send it: the scan time, or the time of the burst's newest scan. */
  sendAt: number;
  payload: Record<string, unknown>;
  /** A copy of an earlier delivery of the same fact. */
  duplicate: boolean;
}

export interface DeliveryPlan {
  /** In sending order. */
  deliveries: PlannedDelivery[];
  /** Facts that are never delivered by webhook. */
  dropped: PlannedDelivery[];
}

const scanFactId = (shipment: Shipment, scan: Scan) => `scan:${shipment.cpId}:${shipment.waybill}:${scan.at}`;

function shipmentDeliveries(prng: Prng, shipment: Shipment, faults: FaultOptions): PlannedDelivery[] {
  const deliveries: PlannedDelivery[] = [];
  const { scans } = shipment;
  for (let i = 0; i < scans.length; ) {
    const size = prng.chance(faults.burstRate) ? Math.min(prng.int(2, 4), scans.length - i) : 1;
    const burst = scans.slice(i, i + size);
    const latest = burst.at(-1) as Scan;
    for (const scan of burst) {
      deliveries.push({
        factId: scanFactId(shipment, scan),
        kind: 'scan',
        sendAt: latest.at,
        payload: scanWebhook(shipment, scan, latest, prng.chance(faults.rvpReferenceRate)),
        duplicate: false,
      });
    }
    i += size;
  }
  return deliveries;
}

function placementDelivery(returnOrder: ReturnOrder, options: PayloadOptions): PlannedDelivery {
  return {
    factId: `return-placed:${returnOrder.returnReference}`,
    kind: 'return-placed',
    sendAt: returnOrder.requestedAt,
    payload: returnPlacedWebhook(returnOrder, options),
    duplicate: false,
  };
}

export function planDeliveries(
  prng: Prng,
  world: World,
  faults: FaultOptions,
  payloadOptions: PayloadOptions,
): DeliveryPlan {
  const facts = [
    ...world.shipments.flatMap((shipment) => shipmentDeliveries(prng, shipment, faults)),
    ...world.returns.map((returnOrder) => placementDelivery(returnOrder, payloadOptions)),
  ].sort((a, b) => a.sendAt - b.sendAt || (a.factId < b.factId ? -1 : 1));

  const { kept, dropped } = arrange(prng, facts, faults, (delivery) => ({ ...delivery, duplicate: true }));
  return { deliveries: kept, dropped };
}

/**
 * A sender's imperfections applied to facts in time order: some dropped, some moved up to
 * `maxDisplacement` places, some sent again later (`copy` marks the copy). Pure; used for every source.
 */
export function arrange<T>(
  prng: Prng,
  facts: readonly T[],
  faults: Pick<FaultOptions, 'disorderRate' | 'maxDisplacement' | 'duplicateRate' | 'dropRate'>,
  copy: (fact: T) => T,
): { kept: T[]; dropped: T[] } {
  const dropped: T[] = [];
  const kept: { fact: T; position: number }[] = [];
  facts.forEach((fact, index) => {
    if (prng.chance(faults.dropRate)) {
      dropped.push(fact);
      return;
    }
    const displaced = prng.chance(faults.disorderRate);
    const offset = displaced ? prng.int(-faults.maxDisplacement, faults.maxDisplacement) : 0;
    kept.push({ fact, position: index + offset });
    if (prng.chance(faults.duplicateRate)) {
      // Senders re-trigger: the copy comes later, sometimes much later.
      const copies = prng.int(1, 2);
      for (let c = 0; c < copies; c++) {
        kept.push({
          fact: copy(fact),
          position: index + prng.int(0, Math.max(1, faults.maxDisplacement * 2)),
        });
      }
    }
  });
  // Stable sort: facts at the same position keep their time order.
  kept.sort((a, b) => a.position - b.position);
  return { kept: kept.map(({ fact }) => fact), dropped };
}
