import type { ExpectedReturn, ExpectedShipment } from '@shipfold/clickpost-simulator';

/**
 * Compares what a consumer ended up with (aggregates from the fold or from PostgreSQL) with a ground
 * truth (the simulator's, or the load harness's), and lists every difference in words, so a failing
 * test or chaos run says what is wrong.
 */

/** An expected return; an item's QC status is compared when the truth states it. */
export type ReturnTruth = Omit<ExpectedReturn, 'forwardAwb' | 'items' | 'requestedAt'> & {
  /** Null for a return with no forward shipment on Clickpost (Redo's). */
  forwardAwb: string | null;
  items: { sku: string; quantity: number; qcStatus?: string | null }[];
};

export interface Truth {
  shipments: readonly ExpectedShipment[];
  returns: readonly ReturnTruth[];
}

/** A shipment as a consumer holds it: the expected fields, a scan's location possibly unknown. */
export type ObservedShipment = Pick<
  ExpectedShipment,
  'waybill' | 'cpId' | 'currentStatusCode' | 'isTerminal' | 'isRvp' | 'forwardAwb'
> & {
  ndr: { code: number } | null;
  scans: { statusCode: number; status: string; location: string | null; occurredAt: string }[];
};

export interface ObservedReturn {
  returnReference: string | null;
  forwardAwb: string | null;
  forwardReference: string | null;
  returnAwb: string | null;
  cpId: number | null;
  items: { sku: string; quantity: number; qcStatus?: string | null }[];
}

/** Canonical instants may carry microseconds (`…:05.000000Z`); compare them as milliseconds. */
const ms = (instant: string) => Date.parse(instant);

export interface TruthCheckOptions {
  /** Shipments whose NDR cannot be known (the failed-delivery webhook was dropped): NDR not compared. */
  ndrUnknowable?: ReadonlySet<string>;
}

export function differences(
  truth: Truth,
  shipments: readonly ObservedShipment[],
  returns: readonly ObservedReturn[],
  options: TruthCheckOptions = {},
): string[] {
  const problems: string[] = [];
  const observed = new Map(shipments.map((shipment) => [`${shipment.cpId}:${shipment.waybill}`, shipment]));
  for (const expected of truth.shipments) {
    const key = `${expected.cpId}:${expected.waybill}`;
    const actual = observed.get(key);
    observed.delete(key);
    if (!actual) {
      problems.push(`shipment ${key} missing`);
      continue;
    }
    const say = (what: string, want: unknown, got: unknown) => {
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        problems.push(`shipment ${key}: ${what} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      }
    };
    say('current status', expected.currentStatusCode, actual.currentStatusCode);
    say('terminal', expected.isTerminal, actual.isTerminal);
    say('is_rvp', expected.isRvp, actual.isRvp);
    say('forward AWB', expected.forwardAwb, actual.forwardAwb);
    if (!options.ndrUnknowable?.has(key))
      say('NDR code', expected.ndr?.code ?? null, actual.ndr?.code ?? null);
    const scanText = (scan: {
      statusCode: number;
      status: string;
      location: string | null;
      occurredAt: string;
    }) => `${ms(scan.occurredAt)} ${scan.statusCode} ${scan.status} @ ${scan.location}`;
    say(
      'scans',
      expected.scans.map(scanText),
      [...actual.scans].sort((a, b) => ms(a.occurredAt) - ms(b.occurredAt)).map(scanText),
    );
  }
  for (const key of observed.keys()) problems.push(`shipment ${key} is not in the ground truth`);

  const byReference = new Map<string, ObservedReturn[]>();
  for (const observedReturn of returns) {
    const reference = observedReturn.returnReference ?? '(none)';
    byReference.set(reference, [...(byReference.get(reference) ?? []), observedReturn]);
  }
  for (const expected of truth.returns) {
    const found = byReference.get(expected.returnReference) ?? [];
    byReference.delete(expected.returnReference);
    if (found.length !== 1) {
      problems.push(`return ${expected.returnReference}: ${found.length} aggregates, expected 1`);
      continue;
    }
    const actual = found[0] as ObservedReturn;
    const say = (what: string, want: unknown, got: unknown) => {
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        problems.push(
          `return ${expected.returnReference}: ${what} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
        );
      }
    };
    say('forward AWB', expected.forwardAwb, actual.forwardAwb);
    say('forward reference', expected.forwardReference, actual.forwardReference);
    say('pickup AWB', expected.returnAwb, actual.returnAwb);
    say('pickup cp_id', expected.returnCpId, actual.cpId);
    say(
      'items',
      expected.items,
      [...actual.items]
        .map(({ sku, quantity, qcStatus }) =>
          expected.items.some((item) => 'qcStatus' in item)
            ? { sku, quantity, qcStatus: qcStatus ?? null }
            : { sku, quantity },
        )
        .sort((a, b) => (a.sku < b.sku ? -1 : 1)),
    );
  }
  for (const [reference, extra] of byReference) {
    problems.push(`${extra.length} return aggregate(s) with reference ${reference} not in the ground truth`);
  }
  return problems;
}
