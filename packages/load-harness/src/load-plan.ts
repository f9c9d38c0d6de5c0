import {
  arrange,
  ClickpostSimulator,
  type FaultOptions,
  type PlannedDelivery,
  Prng,
  type ReturnOrder,
} from '@shipfold/clickpost-simulator';
import { increffCallback, qcOutcomes } from './increff';
import { generateRedoReturns, type RedoReturn, redoWebhook } from './redo';
import { type HarnessTruth, harnessTruth } from './truth';

/**
 * One load: a world of shipments and returns seen by all three vendors, and every delivery they send
 * for it, in the order they arrive. Clickpost's webhooks come from the simulator (journeys, bursts,
 * disorder, duplicates and drops; the poller recovers the drops from the simulator's API); Redo's
 * return events and Increff's QC callbacks get the same disorder and duplicates, but no drops: neither
 * vendor has an API to recover a lost webhook from. A share of deliveries is bad on purpose (not JSON,
 * an event type no mapping knows): those, and only those, must end in the DLQ.
 */

export type Vendor = 'clickpost' | 'redo' | 'increff';

export interface LoadDelivery {
  vendor: Vendor;
  /** The fact delivered: copies of one delivery share it. */
  factId: string;
  /** The aggregate it is about, and the instant of the fact: what disorder is measured by. */
  aggregate: string;
  at: number;
  body: string;
  duplicate: boolean;
  /** Sent to be rejected: it must end in the DLQ. */
  bad: boolean;
}

export interface LoadOptions {
  seed: string | number;
  /** Clickpost's API key, for the simulator that serves the polls. */
  clickpostApiKey: string;
  /** Forward shipments on Clickpost; a share of the delivered ones get returns. */
  shipments: number;
  returnRate: number;
  redoReturns: number;
  /** Clickpost's imperfections; disorder and duplicates apply to Redo and Increff too. */
  faults: FaultOptions;
  /** Share of extra deliveries that are bad on purpose. */
  badRate: number;
  /** The present: every journey happened before it. */
  now: number;
}

export interface Load {
  /** Serves Clickpost's polling APIs over the same world (listen() it for the poller). */
  simulator: ClickpostSimulator;
  deliveries: LoadDelivery[];
  /** Clickpost webhooks never sent: the poller must recover them. */
  dropped: LoadDelivery[];
  truth: HarnessTruth;
}

const DAY = 24 * 60 * 60 * 1000;

export function createLoad(options: LoadOptions): Load {
  const simulator = new ClickpostSimulator({
    seed: options.seed,
    key: options.clickpostApiKey,
    now: () => options.now,
    world: {
      shipments: options.shipments,
      returnRate: options.returnRate,
      startAt: options.now - 20 * DAY,
      spreadMs: 10 * DAY,
    },
    faults: options.faults,
  });
  const prng = new Prng(options.seed).fork('load-harness');
  const { world } = simulator.state;
  const clickpost = simulator.plan.deliveries.map(fromClickpost);
  const dropped = simulator.plan.dropped.map(fromClickpost);

  const redoReturns = generateRedoReturns(prng.fork('redo'), {
    count: options.redoReturns,
    startAt: options.now - 20 * DAY,
    spreadMs: 10 * DAY,
  });
  const qc = qcOutcomes(prng.fork('increff'), world.returns, 1_000_000);
  const ordersByReference = new Map(world.returns.map((order) => [order.returnReference, order]));
  const increffFacts = qc
    .map((outcome) => {
      const order = ordersByReference.get(outcome.returnReference) as ReturnOrder;
      return delivery(
        'increff',
        `qc:${outcome.messageId}`,
        `return:${order.returnReference}`,
        outcome.at,
        increffCallback(order, outcome),
      );
    })
    .sort((a, b) => a.at - b.at);
  const redoFacts = redoReturns
    .flatMap((order) => order.states.map((state, step) => fromRedo(order, step, state.at)))
    .sort((a, b) => a.at - b.at);
  const { redo, increff } = {
    redo: arrange(prng.fork('redo-arrival'), redoFacts, { ...options.faults, dropRate: 0 }, copyOf).kept,
    increff: arrange(prng.fork('increff-arrival'), increffFacts, { ...options.faults, dropRate: 0 }, copyOf)
      .kept,
  };
  const valid = interleave([clickpost, redo, increff]);
  return {
    simulator,
    deliveries: withBadOnes(prng.fork('bad'), valid, options.badRate),
    dropped,
    truth: harnessTruth(
      simulator.truth(),
      world.returns,
      qc,
      redoReturns,
      knowableShipments(clickpost, dropped),
      ndrUnknowable(clickpost, dropped),
    ),
  };
}

const copyOf = (fact: LoadDelivery): LoadDelivery => ({ ...fact, duplicate: true });

function delivery(
  vendor: Vendor,
  factId: string,
  aggregate: string,
  at: number,
  payload: unknown,
): LoadDelivery {
  return { vendor, factId, aggregate, at, body: JSON.stringify(payload), duplicate: false, bad: false };
}

function fromClickpost(planned: PlannedDelivery): LoadDelivery {
  const { payload } = planned;
  const aggregate =
    planned.kind === 'scan'
      ? `shipment:${String(payload.cp_id)}:${String(payload.waybill)}`
      : planned.factId.replace(/^return-placed:/, 'return:');
  return {
    ...delivery('clickpost', planned.factId, aggregate, planned.sendAt, payload),
    duplicate: planned.duplicate,
  };
}

const fromRedo = (order: RedoReturn, step: number, at: number): LoadDelivery =>
  delivery('redo', `redo:${order.id}:${step}`, `return:${order.id}`, at, redoWebhook(order, step));

/** Merges lists that are each in arrival order, spreading each evenly over the whole. */
function interleave(lists: readonly LoadDelivery[][]): LoadDelivery[] {
  return lists
    .flatMap((list) => list.map((item, index) => ({ item, position: (index + 0.5) / list.length })))
    .sort((a, b) => a.position - b.position)
    .map(({ item }) => item);
}

/** Inserts bad deliveries (half not JSON, half a Redo event type no mapping knows) among the valid ones. */
function withBadOnes(prng: Prng, valid: readonly LoadDelivery[], rate: number): LoadDelivery[] {
  const out: LoadDelivery[] = [];
  let bad = 0;
  for (const item of valid) {
    out.push(item);
    if (!prng.chance(rate)) continue;
    const n = bad++;
    out.push(
      n % 2 === 0
        ? {
            ...item,
            vendor: 'clickpost',
            factId: `bad:${n}`,
            aggregate: `bad:${n}`,
            body: `{"waybill": "BAD-${n}",`,
            duplicate: false,
            bad: true,
          }
        : {
            ...delivery('redo', `bad:${n}`, `bad:${n}`, item.at, {
              type: 'deleted',
              at: new Date(item.at).toISOString(),
              return: { id: `bad-${n}` },
            }),
            bad: true,
          },
    );
  }
  return out;
}

/**
 * Forward shipments some delivery names: one whose every webhook was dropped is known to nobody (the
 * poller only polls what it knows of). Return pickups are known from the returns delta poll.
 */
function knowableShipments(
  sent: readonly LoadDelivery[],
  dropped: readonly LoadDelivery[],
): (aggregate: string) => boolean {
  const named = new Set(sent.map((item) => item.aggregate));
  const droppedOnly = new Set(
    dropped.map((item) => item.aggregate).filter((aggregate) => !named.has(aggregate)),
  );
  return (aggregate) => !droppedOnly.has(aggregate);
}

/** Shipments whose failed-delivery (NDR) webhook was dropped and never sent: only that webhook has the code. */
function ndrUnknowable(sent: readonly LoadDelivery[], dropped: readonly LoadDelivery[]): Set<string> {
  const sentFacts = new Set(sent.map((item) => item.factId));
  return new Set(
    dropped
      .filter(
        (item) =>
          !sentFacts.has(item.factId) &&
          (JSON.parse(item.body) as { clickpost_status_code?: number }).clickpost_status_code === 9,
      )
      .map((item) => item.aggregate.replace(/^shipment:/, '')),
  );
}

export interface LoadFigures {
  deliveries: number;
  byVendor: Record<Vendor, number>;
  duplicates: number;
  /** Deliveries sent after a later fact about the same aggregate. */
  outOfOrder: number;
  dropped: number;
  bad: number;
}

export function loadFigures(load: Pick<Load, 'deliveries' | 'dropped'>): LoadFigures {
  const byVendor: Record<Vendor, number> = { clickpost: 0, redo: 0, increff: 0 };
  const newest = new Map<string, number>();
  let outOfOrder = 0;
  for (const item of load.deliveries) {
    byVendor[item.vendor]++;
    const seen = newest.get(item.aggregate) ?? Number.NEGATIVE_INFINITY;
    if (item.at < seen) outOfOrder++;
    else newest.set(item.aggregate, item.at);
  }
  return {
    deliveries: load.deliveries.length,
    byVendor,
    duplicates: load.deliveries.filter((item) => item.duplicate).length,
    outOfOrder,
    dropped: load.dropped.length,
    bad: load.deliveries.filter((item) => item.bad).length,
  };
}
