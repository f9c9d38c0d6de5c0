import { FORWARD_COURIERS, REVERSE_COURIER, type ReturnOrder, type Shipment, type World } from './journeys';

/** The simulator's mutable side: the world it serves, and who registered what. */

export interface Registration {
  trackingId: number;
  securityKey: string;
  registeredAt: number;
}

export const KNOWN_CP_IDS: ReadonlySet<number> = new Set([
  ...FORWARD_COURIERS.map((courier) => courier.cpId),
  REVERSE_COURIER.cpId,
]);

const shipmentKey = (cpId: number, waybill: string) => `${cpId}:${waybill}`;

export class SimulatorState {
  readonly world: World;
  readonly #shipments = new Map<string, Shipment>();
  /** Returns by request time, for the delta API. */
  readonly returnsByTime: readonly ReturnOrder[];
  readonly registrations = new Map<string, Registration>();
  readonly services = new Set<number>();
  #nextTrackingId = 491_815_220;

  constructor(world: World) {
    this.world = world;
    for (const shipment of world.shipments)
      this.#shipments.set(shipmentKey(shipment.cpId, shipment.waybill), shipment);
    this.returnsByTime = [...world.returns].sort((a, b) => a.requestedAt - b.requestedAt);
  }

  shipment(cpId: number, waybill: string): Shipment | undefined {
    return this.#shipments.get(shipmentKey(cpId, waybill));
  }

  /** Returns requested in [startMs, endMs) that exist at `now`. */
  returnsRequestedBetween(startMs: number, endMs: number, now: number): ReturnOrder[] {
    return this.returnsByTime.filter(
      (order) => order.requestedAt >= startMs && order.requestedAt < endMs && order.requestedAt <= now,
    );
  }

  register(cpId: number, waybill: string, now: number): { registration: Registration; created: boolean } {
    const key = shipmentKey(cpId, waybill);
    const existing = this.registrations.get(key);
    if (existing) return { registration: existing, created: false };
    const trackingId = this.#nextTrackingId++;
    const registration: Registration = {
      trackingId,
      securityKey: `00000000-0000-4000-8000-${String(trackingId).padStart(12, '0')}`,
      registeredAt: now,
    };
    this.registrations.set(key, registration);
    return { registration, created: true };
  }

  unregister(cpId: number, waybill: string): boolean {
    return this.registrations.delete(shipmentKey(cpId, waybill));
  }
}
