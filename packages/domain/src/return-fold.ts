import type { Source } from '@shipfold/contracts';
import { instantMicros } from './instant';
import { compareStrings, earlier, later, latest, type Stamped, stamp } from './lattice';
import { factSet, type ReturnAttributes, type ReturnFact } from './return-facts';
import {
  compareKeys,
  componentId,
  DisjointSets,
  type IdentityKeys,
  identityKeys,
  precedes,
} from './return-identity';

/**
 * The return-order fold: a pure function of a set of return facts (see return-identity.ts for which
 * facts are one return). Within a return every field is latest by event time among the facts that
 * carry a value (ties: greater content), items are merged by SKU field by field the same way.
 * Folding any permutation of any multiset of facts gives the same returns, because copies of one
 * event id are merged by a join first and everything after works on the resulting set.
 */

export interface ReturnOrderItem {
  sku: string;
  /** Requested quantity (placement, delta, Redo); for SKUs only the warehouse reported, its count. */
  quantity: number;
  reason: string | null;
  refundMode: string | null;
  qcStatus: string | null;
  qcReason: string | null;
  status: string | null;
}

export interface ReturnOrder extends ReturnAttributes {
  /** The return's smallest identity key (ref:…, redo:…, awb:…, req:…, evt:…); changes only by merging. */
  id: string;
  items: ReturnOrderItem[];
  /** Strong and request keys of its facts, sorted: every name this return can be looked up by. */
  keys: string[];
  /** Channels it was seen through, sorted. */
  channels: Source[];
  eventIds: string[];
  firstSeenAt: string;
  lastSeenAt: string;
}

const byTimeThenId = (a: ReturnFact, b: ReturnFact) =>
  // Stryker disable next-line LogicalOperator: equivalent, resolution does not depend on the order of the facts (the sort only makes the work order canonical)
  compareStrings(a.occurredAt, b.occurredAt) || compareStrings(a.eventId, b.eventId);

/** Resolves a set of facts (any order, duplicates allowed) into return orders, sorted by id. */
export function resolveReturns(input: Iterable<ReturnFact>): ReturnOrder[] {
  // Stryker disable next-line MethodExpression: equivalent, resolution does not depend on the order of the facts (every tie is broken by id)
  const facts = [...factSet(input).values()].sort(byTimeThenId);
  const keys = facts.map(identityKeys);
  const sets = new DisjointSets(facts.length);

  // Rule 1: facts sharing a strong key are one return.
  const strongOwner = new Map<string, number>();
  keys.forEach((factKeys, index) => {
    for (const key of factKeys.strong) {
      const owner = strongOwner.get(key);
      if (owner === undefined) strongOwner.set(key, index);
      else sets.union(owner, index);
    }
  });
  const anchoredRoot = facts.map((_, index) => sets.find(index));
  const anchoredId = idsByRoot(anchoredRoot, keys, (factKeys) => factKeys.strong);

  // Rule 2: a fact without strong keys joins the anchored return sharing a request key, nearest in time.
  const anchoredByRequestKey = new Map<string, number[]>();
  keys.forEach((factKeys, index) => {
    if (factKeys.strong.length === 0) return;
    for (const key of factKeys.request)
      anchoredByRequestKey.set(key, [...(anchoredByRequestKey.get(key) ?? []), index]);
  });
  const unattached: number[] = [];
  keys.forEach((factKeys, index) => {
    if (factKeys.strong.length > 0) return;
    const at = instantMicros((facts[index] as ReturnFact).occurredAt);
    let best: { root: number; distance: number; id: string } | undefined;
    for (const key of factKeys.request) {
      for (const candidate of anchoredByRequestKey.get(key) ?? []) {
        const root = anchoredRoot[candidate] as number;
        const distance = Math.abs(instantMicros((facts[candidate] as ReturnFact).occurredAt) - at);
        const id = anchoredId.get(root) as string;
        if (!best || distance < best.distance || (distance === best.distance && precedes(id, best.id))) {
          best = { root, distance, id };
        }
      }
    }
    if (best) sets.union(best.root, index);
    else unattached.push(index);
  });
  const requestOwner = new Map<string, number>();
  for (const index of unattached) {
    for (const key of (keys[index] as IdentityKeys).request) {
      const owner = requestOwner.get(key);
      if (owner === undefined) requestOwner.set(key, index);
      else sets.union(owner, index);
    }
  }

  // Rule 2b: reference-less requests no delta result matched join a return of their forward order
  // known so far without any request (only from RVP tracking or warehouse processing).
  attachWithinForwardOrder(
    summarize(facts, keys, sets),
    sets,
    (summary) => summary.requestOnly,
    (summary) => !summary.hasRequest && !summary.pickupOnly,
    'earliest-after',
  );
  // Rule 3: a pickup known only from RVP tracking joins a return of its forward order without one.
  attachWithinForwardOrder(
    summarize(facts, keys, sets),
    sets,
    (summary) => summary.pickupOnly,
    (summary) => !summary.hasPickupAwb,
    'latest-before',
  );

  return sets
    .groups()
    .map((group) =>
      foldReturn(
        group.map((index) => facts[index] as ReturnFact),
        group.map((index) => keys[index] as IdentityKeys),
      ),
    )
    .sort((a, b) => compareKeys(a.id, b.id));
}

function idsByRoot(
  roots: number[],
  keys: IdentityKeys[],
  pick: (factKeys: IdentityKeys) => string[],
): Map<number, string> {
  const keysByRoot = new Map<number, string[]>();
  roots.forEach((root, index) => {
    // Stryker disable next-line ArrayDeclaration: equivalent, a non-key first element ranks after every key (never an id of a root with keys) and roots without keys are never looked up
    const known = keysByRoot.get(root) ?? [];
    keysByRoot.set(root, [...known, ...pick(keys[index] as IdentityKeys)]);
  });
  const ids = new Map<number, string>();
  for (const [root, rootKeys] of keysByRoot) if (rootKeys.length > 0) ids.set(root, componentId(rootKeys));
  return ids;
}

interface GroupSummary {
  root: number;
  id: string;
  firstSeenAt: string;
  hasPickupAwb: boolean;
  /** Has a fact with request keys (a placement or delta result with items). */
  hasRequest: boolean;
  /** Only reference-less requests: no strong key at all. */
  requestOnly: boolean;
  /** Only RVP tracking: pickup facts, awb keys only. */
  pickupOnly: boolean;
  forward: Set<string>;
}

function summarize(facts: ReturnFact[], keys: IdentityKeys[], sets: DisjointSets): Map<number, GroupSummary> {
  const summaries = new Map<number, GroupSummary>();
  for (const group of sets.groups()) {
    const root = sets.find(group[0] as number);
    const groupFacts = group.map((index) => facts[index] as ReturnFact);
    const groupKeys = group.map((index) => keys[index] as IdentityKeys);
    const strong = groupKeys.flatMap((factKeys) => factKeys.strong);
    summaries.set(root, {
      root,
      id: componentId([...strong, ...groupKeys.flatMap((factKeys) => factKeys.request)]),
      firstSeenAt: groupFacts.map((fact) => fact.occurredAt).reduce(earlier),
      hasPickupAwb: strong.some((key) => key.startsWith('awb:')),
      hasRequest: groupKeys.some((factKeys) => factKeys.request.length > 0),
      requestOnly: strong.length === 0,
      pickupOnly:
        groupFacts.every((fact) => fact.kind === 'pickup') && strong.every((key) => key.startsWith('awb:')),
      forward: new Set(groupKeys.flatMap((factKeys) => factKeys.forward)),
    });
  }
  return summaries;
}

/** Earlier first seen, then smaller id: the order candidates are ranked in. */
const byFirstSeen = (a: GroupSummary, b: GroupSummary) =>
  compareStrings(a.firstSeenAt, b.firstSeenAt) || compareKeys(a.id, b.id);

/**
 * Rules 2b and 3: a return seen only partly (`orphan`) joins another return of the same forward order
 * (a shared forward key) that lacks exactly that part (`accepts`); each candidate takes one orphan.
 * Orphans are placed in order of first sighting. `prefer` picks among the candidates.
 */
function attachWithinForwardOrder(
  summaries: Map<number, GroupSummary>,
  sets: DisjointSets,
  orphan: (summary: GroupSummary) => boolean,
  accepts: (summary: GroupSummary) => boolean,
  prefer: 'latest-before' | 'earliest-after',
): void {
  const orphans = [...summaries.values()].filter(orphan).sort(byFirstSeen);
  const taken = new Set<number>();
  for (const lost of orphans) {
    const candidates = [...summaries.values()]
      .filter(
        (summary) =>
          !taken.has(summary.root) &&
          !orphan(summary) &&
          accepts(summary) &&
          [...summary.forward].some((key) => lost.forward.has(key)),
      )
      .sort(byFirstSeen);
    // The orphan's own instant belongs to the preferred side: at or before (rule 3), at or after (2b).
    const isBefore = (candidate: GroupSummary) =>
      prefer === 'latest-before'
        ? candidate.firstSeenAt <= lost.firstSeenAt
        : candidate.firstSeenAt < lost.firstSeenAt;
    const before = candidates.filter(isBefore);
    const after = candidates.filter((candidate) => !isBefore(candidate));
    const chosen =
      prefer === 'latest-before' ? (latestOf(before) ?? after[0]) : (after[0] ?? latestOf(before));
    if (!chosen) continue;
    sets.union(chosen.root, lost.root);
    taken.add(chosen.root);
  }
}

/** The last first seen of candidates sorted by byFirstSeen, ties to the smaller id. */
function latestOf(sorted: GroupSummary[]): GroupSummary | undefined {
  const last = sorted.at(-1);
  return last && sorted.find((candidate) => candidate.firstSeenAt === last.firstSeenAt);
}

interface ItemRegisters {
  requested: Stamped<number> | null;
  processed: Stamped<number> | null;
  reason: Stamped<string> | null;
  refundMode: Stamped<string> | null;
  qcStatus: Stamped<string> | null;
  qcReason: Stamped<string> | null;
  status: Stamped<string> | null;
}

/** One return from its facts: every field latest by event time among facts carrying a value. */
function foldReturn(facts: ReturnFact[], keys: IdentityKeys[]): ReturnOrder {
  let returnReference: Stamped<string> | null = null;
  let pickup: Stamped<{ awb: string; cpId: number }> | null = null;
  let forwardAwb: Stamped<string> | null = null;
  let forwardReference: Stamped<string> | null = null;
  let forwardOrderId: Stamped<string> | null = null;
  let status: Stamped<string> | null = null;
  let statusCode: Stamped<number> | null = null;
  let refundMode: Stamped<string> | null = null;
  let selfShipped: Stamped<boolean> | null = null;
  const items = new Map<string, ItemRegisters>();
  for (const fact of facts) {
    const at = fact.occurredAt;
    returnReference = later(returnReference, stamp(fact.returnReference, at));
    if (fact.returnAwb !== null && fact.cpId !== null) {
      pickup = later(pickup, { value: { awb: fact.returnAwb, cpId: fact.cpId }, at });
    }
    forwardAwb = later(forwardAwb, stamp(fact.forwardAwb, at));
    forwardReference = later(forwardReference, stamp(fact.forwardReference, at));
    forwardOrderId = later(forwardOrderId, stamp(fact.forwardOrderId, at));
    status = later(status, stamp(fact.status, at));
    statusCode = later(statusCode, stamp(fact.statusCode, at));
    refundMode = later(refundMode, stamp(fact.refundMode, at));
    selfShipped = later(selfShipped, stamp(fact.selfShipped, at));
    for (const item of fact.items) {
      const registers = items.get(item.sku) ?? emptyItem();
      if (fact.kind === 'processed')
        registers.processed = later(registers.processed, stamp(item.quantity, at));
      else registers.requested = later(registers.requested, stamp(item.quantity, at));
      registers.reason = later(registers.reason, stamp(item.reason, at));
      registers.refundMode = later(registers.refundMode, stamp(item.refundMode, at));
      registers.qcStatus = later(registers.qcStatus, stamp(item.qcStatus, at));
      registers.qcReason = later(registers.qcReason, stamp(item.qcReason, at));
      registers.status = later(registers.status, stamp(item.status, at));
      items.set(item.sku, registers);
    }
  }
  const ownKeys = [...new Set(keys.flatMap((factKeys) => [...factKeys.strong, ...factKeys.request]))].sort(
    compareKeys,
  );
  return {
    id: componentId(ownKeys),
    // Stryker disable next-line MethodExpression: equivalent, Redo facts never share a return with Clickpost facts (no common key), so some = every
    platform: facts.some((fact) => fact.platform === 'redo') ? 'redo' : 'clickpost',
    returnReference: returnReference?.value ?? null,
    returnAwb: pickup?.value.awb ?? null,
    cpId: pickup?.value.cpId ?? null,
    forwardAwb: forwardAwb?.value ?? null,
    forwardReference: forwardReference?.value ?? null,
    forwardOrderId: forwardOrderId?.value ?? null,
    status: status?.value ?? null,
    statusCode: statusCode?.value ?? null,
    refundMode: refundMode?.value ?? null,
    selfShipped: selfShipped?.value ?? null,
    items: [...items.entries()]
      .sort(([a], [b]) => compareStrings(a, b))
      .map(([sku, registers]) => ({
        sku,
        quantity: registers.requested?.value ?? registers.processed?.value ?? 0,
        reason: registers.reason?.value ?? null,
        refundMode: registers.refundMode?.value ?? null,
        qcStatus: registers.qcStatus?.value ?? null,
        qcReason: registers.qcReason?.value ?? null,
        status: registers.status?.value ?? null,
      })),
    keys: ownKeys,
    channels: [...new Set(facts.map((fact) => fact.source))].sort(compareStrings),
    eventIds: facts.map((fact) => fact.eventId).sort(compareStrings),
    firstSeenAt: facts.map((fact) => fact.occurredAt).reduce(earlier),
    lastSeenAt: facts.map((fact) => fact.occurredAt).reduce(latest),
  };
}

const emptyItem = (): ItemRegisters => ({
  requested: null,
  processed: null,
  reason: null,
  refundMode: null,
  qcStatus: null,
  qcReason: null,
  status: null,
});
