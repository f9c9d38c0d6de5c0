import type { Prng } from './prng';
import { NDR_REASONS, statusCode } from './status-codes';

/**
 * The simulator's ground truth: shipments with their journeys (plausible sequences of Clickpost status
 * codes with scan times) and returns (placement with items → RVP pickup journey with a return AWB →
 * delivered to the warehouse). Pure: everything follows from the PRNG stream and the options.
 */

export interface Scan {
  code: number;
  status: string;
  remark: string;
  location: string;
  /** Scan time, epoch milliseconds on a whole second (track-order timestamps have no fraction). */
  at: number;
  ndr: { code: number; description: string } | null;
}

export interface Item {
  sku: string;
  quantity: number;
}

export interface Shipment {
  waybill: string;
  cpId: number;
  courierName: string;
  accountCode: string;
  /** The merchant's order id (Clickpost `reference_number` / `order_id`). */
  orderId: string;
  items: Item[];
  edd: string;
  isRvp: boolean;
  /** For an RVP pickup: the forward shipment and the return it carries. */
  forwardAwb: string | null;
  forwardReference: string | null;
  returnReference: string | null;
  /** Oldest first, strictly increasing scan times. */
  scans: Scan[];
}

export interface ReturnItem extends Item {
  reason: string;
  refundMode: string;
}

export interface ReturnOrder {
  returnReference: string;
  forwardAwb: string;
  forwardCpId: number;
  forwardReference: string;
  forwardOrderId: string;
  items: ReturnItem[];
  refundMode: string;
  selfShipped: boolean;
  /** When the customer raised the request, epoch ms with milliseconds (the webhook shows micros). */
  requestedAt: number;
  /** The RVP pickup, once Clickpost generated its AWB (at `pickup.awbAssignedAt`). */
  pickup: (Shipment & { awbAssignedAt: number }) | null;
}

interface Courier {
  cpId: number;
  name: string;
  accountCode: string;
}

export const FORWARD_COURIERS: readonly Courier[] = [
  { cpId: 4, name: 'Delhivery', accountCode: 'Delhivery_Express_B2C' },
  { cpId: 6, name: 'Xpressbees', accountCode: 'Xpressbees_Surface' },
  { cpId: 5, name: 'Bluedart', accountCode: 'Bluedart_Air' },
  { cpId: 14, name: 'Shadowfax', accountCode: 'Shadowfax_Local' },
];
export const REVERSE_COURIER: Courier = { cpId: 25, name: 'Delhivery', accountCode: 'Delhivery_Reverse' };

const LOCATIONS = [
  'Mumbai_Chandivali_R (Maharashtra)',
  'Bengaluru_Koramangala_Dc (Karnataka)',
  'Lucknow_Aliganj (Uttar Pradesh)',
  'Faridabad_Mthurard_CP (Haryana)',
  'Kayamkulam_Bhrnikvu_D (Kerala)',
  'Nayagarh_Durgprsd_D (Orissa)',
  'Delhi_Okhla_Hub (Delhi)',
];
const RETURN_REASONS = [
  'Size too small',
  'Size too large',
  'Damaged product',
  'Not as described',
  'Other Reason',
];
const REFUND_MODES = ['Back to source', 'Credits', 'Bank transfer'];

const MINUTE = 60_000;

/** Journey shapes of forward shipments, as status code sequences; `5+` means one to three scans. */
type Step = number | '5+';
const FORWARD_JOURNEYS: readonly { weight: number; steps: readonly Step[] }[] = [
  { weight: 55, steps: [1, 4, '5+', 6, 8] },
  { weight: 15, steps: [1, 4, '5+', 6, 9, 6, 8] },
  { weight: 8, steps: [1, 4, '5+', 6, 9, 11, 12, 21, 14] },
  { weight: 4, steps: [1, 4, '5+', 16] },
  { weight: 4, steps: [1, 10] },
  { weight: 14, steps: [1, 4, '5+', 6] },
];
/** The RVP pickup: scheduled, out for pickup (maybe a failed attempt), picked up, to the warehouse. */
const PICKUP_JOURNEYS: readonly { weight: number; steps: readonly Step[] }[] = [
  { weight: 70, steps: [1, 25, 4, '5+', 8] },
  { weight: 20, steps: [1, 25, 3, 25, 4, '5+', 8] },
  { weight: 10, steps: [1, 25, 4, '5+'] },
];

function pickWeighted<T extends { weight: number }>(prng: Prng, options: readonly T[]): T {
  const total = options.reduce((sum, option) => sum + option.weight, 0);
  let roll = prng.next() * total;
  for (const option of options) {
    roll -= option.weight;
    if (roll < 0) return option;
  }
  return options.at(-1) as T;
}

/** Scans for a journey starting at `startAt`, gaps of `minGapMs`…`maxGapMs`, truncated at `until`. */
function scansFor(
  prng: Prng,
  steps: readonly Step[],
  startAt: number,
  gap: { minMs: number; maxMs: number },
  until: number,
): Scan[] {
  const codes = steps.flatMap((step) => (step === '5+' ? Array(prng.int(1, 3)).fill(5) : [step]));
  const scans: Scan[] = [];
  let at = Math.floor(startAt / 1000) * 1000;
  for (const value of codes) {
    if (at > until) break;
    const text = prng.pick(statusCode(value).texts);
    scans.push({
      code: value,
      status: text.status,
      remark: text.remark,
      location: prng.pick(LOCATIONS),
      at,
      ndr: value === 9 ? prng.pick(NDR_REASONS) : null,
    });
    // At least one second apart: scan times identify scans, and must order them.
    at += Math.max(1000, Math.floor(prng.int(gap.minMs, gap.maxMs) / 1000) * 1000);
  }
  return scans;
}

export interface WorldOptions {
  shipments: number;
  /** Share of delivered forward shipments that get a return request (some get two partial ones). */
  returnRate: number;
  /** First journey start, epoch ms. */
  startAt: number;
  /** Journeys start spread over this span. */
  spreadMs: number;
  /** Gap between consecutive scans of a journey. */
  scanGapMs: { minMs: number; maxMs: number };
  /** From delivery to a return request. */
  returnDelayMs: { minMs: number; maxMs: number };
  /** From a return request to the pickup AWB Clickpost generates for it. */
  awbDelayMs: { minMs: number; maxMs: number };
  /** Journeys stop where the simulated present is (nothing is scanned after it). */
  until: number;
}

export interface World {
  shipments: Shipment[];
  returns: ReturnOrder[];
}

export function generateWorld(prng: Prng, options: WorldOptions): World {
  const shipments: Shipment[] = [];
  const returns: ReturnOrder[] = [];
  const usedWaybills = new Set<string>();
  const newWaybill = (length: number): string => {
    for (;;) {
      const waybill = prng.digits(length);
      if (!usedWaybills.has(waybill)) {
        usedWaybills.add(waybill);
        return waybill;
      }
    }
  };

  for (let n = 0; n < options.shipments; n++) {
    const courier = prng.pick(FORWARD_COURIERS);
    const startAt = options.startAt + prng.int(0, Math.max(0, options.spreadMs));
    const journey = pickWeighted(prng, FORWARD_JOURNEYS);
    const orderId = `SO${prng.digits(8)}`;
    const skuCount = prng.int(1, 4);
    const items = Array.from({ length: skuCount }, (_, i) => ({
      sku: `${prng.digits(6)}${i}`,
      quantity: prng.int(1, 2),
    }));
    const shipment: Shipment = {
      waybill: newWaybill(13),
      cpId: courier.cpId,
      courierName: courier.name,
      accountCode: courier.accountCode,
      orderId,
      items,
      edd: new Date(startAt + prng.int(2, 6) * 24 * 60 * MINUTE).toISOString().slice(0, 10),
      isRvp: false,
      forwardAwb: null,
      forwardReference: null,
      returnReference: null,
      scans: scansFor(prng, journey.steps, startAt, options.scanGapMs, options.until),
    };
    // A shipment not scanned yet by `until` is not observable by anyone: it is not part of the world.
    if (shipment.scans.length === 0) continue;
    shipments.push(shipment);

    const delivered = shipment.scans.find((scan) => scan.code === 8);
    if (delivered && prng.chance(options.returnRate)) {
      // One return, or two partial ones with disjoint SKUs (so the requests can be told apart).
      const shuffled = prng.shuffle(items);
      const groups =
        shuffled.length > 1 && prng.chance(0.25)
          ? [shuffled.slice(0, 1), shuffled.slice(1, 2)]
          : [shuffled.slice(0, prng.int(1, shuffled.length))];
      let requestedAt = delivered.at;
      for (const group of groups) {
        requestedAt += prng.int(options.returnDelayMs.minMs, options.returnDelayMs.maxMs) + prng.int(1, 999);
        if (requestedAt > options.until) break;
        const returnOrder = newReturn(prng, shipment, group, requestedAt, options, newWaybill);
        returns.push(returnOrder);
        if (returnOrder.pickup) shipments.push(returnOrder.pickup);
      }
    }
  }
  return { shipments, returns };
}

function newReturn(
  prng: Prng,
  forward: Shipment,
  items: readonly Item[],
  requestedAt: number,
  options: WorldOptions,
  newWaybill: (length: number) => string,
): ReturnOrder {
  const refundMode = prng.pick(REFUND_MODES);
  const returnReference = `RE${prng.digits(17)}`;
  const returnOrder: ReturnOrder = {
    returnReference,
    forwardAwb: forward.waybill,
    forwardCpId: forward.cpId,
    forwardReference: forward.orderId,
    forwardOrderId: forward.orderId,
    items: items.map((item) => ({
      sku: item.sku,
      quantity: prng.int(1, item.quantity),
      reason: prng.pick(RETURN_REASONS),
      refundMode,
    })),
    refundMode,
    selfShipped: false,
    requestedAt,
    pickup: null,
  };
  // Clickpost generates the pickup AWB some time after the request.
  const awbAssignedAt = requestedAt + prng.int(options.awbDelayMs.minMs, options.awbDelayMs.maxMs);
  const journey = pickWeighted(prng, PICKUP_JOURNEYS);
  const scans = scansFor(prng, journey.steps, awbAssignedAt + 1000, options.scanGapMs, options.until);
  if (awbAssignedAt <= options.until && scans.length > 0) {
    returnOrder.pickup = {
      waybill: newWaybill(13),
      cpId: REVERSE_COURIER.cpId,
      courierName: REVERSE_COURIER.name,
      accountCode: REVERSE_COURIER.accountCode,
      orderId: forward.orderId,
      items: returnOrder.items.map(({ sku, quantity }) => ({ sku, quantity })),
      edd: forward.edd,
      isRvp: true,
      forwardAwb: forward.waybill,
      forwardReference: forward.orderId,
      returnReference,
      scans,
      awbAssignedAt,
    };
  }
  return returnOrder;
}
