import { compareStrings, fingerprint } from './lattice';
import type { ReturnFact } from './return-facts';

/**
 * Which facts are one return.
 *
 * A return is seen through several channels, each showing part of its identity:
 *
 *   channel                                   reference  pickup AWB   forward link   items
 *   Clickpost Return Order Placed webhook     -          - (blank)    AWB + ref      yes
 *   Clickpost Returns Polling Delta result    yes        if assigned  AWB? + ref     yes
 *   Clickpost RVP tracking webhooks           sometimes  yes          AWB (+ ref)    -
 *   Increff return processing callback        yes (returnOrderCode)   forward code   QC per item
 *   Redo return webhooks                      Redo return id           order id       yes
 *
 * Every fact gets identity keys:
 *
 *   strong keys (each names exactly one return)
 *     ref:<reference>          Clickpost return reference = Increff returnOrderCode
 *     redo:<return id>         a Redo return
 *     awb:<cpId>:<waybill>     the reverse pickup's waybill with its courier (cp_id -1 / blank: none)
 *     evt:<event id>           a fact with no strong and no request key: a return of its own
 *   request keys (a return request's content)
 *     req:<forward>:<items>    for Clickpost placements and delta results with items: one per forward
 *                              identifier (`fa=<forward AWB>`, `fr=<forward reference>`), items as the
 *                              SKU×quantity multiset (hashed, to keep keys short)
 *   forward keys (only connect; never identify)
 *     fwd:fa=<forward AWB>, fwd:fr=<forward reference>
 *
 * Resolution, a function of the SET of facts (so arrival order cannot matter):
 *   1. Facts sharing a strong key are one return (union-find). Delta results join a reference to a
 *      pickup AWB; RVP webhooks carrying a reference join their AWB to it.
 *   2. A fact without strong keys (the reference-less Return Order Placed webhook, or a Return
 *      Request Approved) joins the return that shares one of its request keys — the delta result for
 *      the same forward order and the same items. If several do (two returns of identical items from
 *      one forward order), the one whose request-key fact is nearest in time, then the smaller id.
 *      If none does, reference-less facts sharing a request key form a provisional return of their own
 *      until a delta result with a reference arrives.
 *   2b. Reference-less requests that no delta result matched join a return of the same forward order
 *      (shared forward key) that has a reference but no request yet — one known only from RVP tracking
 *      with the reference, or from Increff: the earliest first seen at or after the request, else the
 *      latest before; ties by id; each such return takes one request.
 *   3. A return known only by its pickup AWB (RVP tracking without a reference, no delta result
 *      linking the AWB yet) joins a return of the same forward order that has no pickup AWB yet: the
 *      latest one first seen at or before the pickup's first scan, else the earliest; ties by id.
 *
 * Partial returns of one forward order stay apart: they have different references, different pickup
 * AWBs and different item multisets; forward keys alone never merge returns.
 *
 * Limits (what these rules cannot tell apart):
 *   - Two reference-less requests for the same forward order with the same item multiset are one
 *     return until delta results give them references (then rule 2 assigns each by time distance).
 *   - Rules 2b and 3 are guesses when a forward order has several candidate returns: the time rules
 *     pick the nearest plausible one; a later delta result or a webhook with the reference overrides
 *     the guess (strong keys win, and resolution is recomputed from the whole set). Until then, the
 *     return a guessed fact sits in can change as more facts arrive — never its strong identity.
 *   - Rule 2b needs Increff's forwardOrderCode to be the Clickpost forward reference (or the RVP
 *     webhook to carry the forward AWB) to find the request's forward order.
 *   - Increff callbacks are assumed to come from a Clickpost-managed return (their returnOrderCode is
 *     a Clickpost reference); Redo returns are never linked to Clickpost facts.
 *   - Vendor data that gives one pickup AWB two references merges the two references into one return.
 */

export interface IdentityKeys {
  strong: string[];
  request: string[];
  forward: string[];
}

/** Keys are compared and stored as text; the priority decides a return's id: ref/redo, awb, req, evt. */
const KEY_PRIORITY = ['ref:', 'redo:', 'awb:', 'req:', 'evt:'];
const priorityOf = (key: string) => {
  const index = KEY_PRIORITY.findIndex((prefix) => key.startsWith(prefix));
  return index === -1 ? KEY_PRIORITY.length : index;
};

/** The smaller key by (kind priority, text): the id of a return is its smallest key. */
export const compareKeys = (a: string, b: string): number =>
  priorityOf(a) - priorityOf(b) || compareStrings(a, b);

/** Whether key a comes strictly before key b. */
export const precedes = (a: string, b: string): boolean =>
  // Stryker disable next-line EqualityOperator: equivalent for `<=`, keys comparing equal are the same text (the same id, the same return); `>=` is killed by the tests
  compareKeys(a, b) < 0;

function forwardIds(fact: ReturnFact): string[] {
  const ids: string[] = [];
  if (fact.forwardAwb !== null) ids.push(`fa=${fact.forwardAwb}`);
  if (fact.forwardReference !== null) ids.push(`fr=${fact.forwardReference}`);
  return ids;
}

/** Keys per fact object: resolution asks for them several times, and request keys cost a hash. */
const keysCache = new WeakMap<ReturnFact, IdentityKeys>();

export function identityKeys(fact: ReturnFact): IdentityKeys {
  let keys = keysCache.get(fact);
  // Stryker disable next-line ConditionalExpression: equivalent, a cache of a pure function (recomputing gives equal keys)
  if (!keys) {
    keys = computeIdentityKeys(fact);
    keysCache.set(fact, keys);
  }
  return keys;
}

function computeIdentityKeys(fact: ReturnFact): IdentityKeys {
  const strong: string[] = [];
  if (fact.returnReference !== null) {
    strong.push(fact.platform === 'redo' ? `redo:${fact.returnReference}` : `ref:${fact.returnReference}`);
  }
  if (fact.returnAwb !== null && fact.cpId !== null) strong.push(`awb:${fact.cpId}:${fact.returnAwb}`);
  if (fact.platform === 'redo') {
    if (strong.length === 0) strong.push(`evt:${fact.eventId}`);
    return { strong, request: [], forward: [] };
  }
  const forward = forwardIds(fact);
  const request =
    (fact.kind === 'placed' || fact.kind === 'updated') && fact.items.length > 0
      ? forward.map((id) => `req:${id}:${itemsDigest(fact)}`)
      : [];
  // Nothing that could ever identify it: a return of its own, named by its event.
  if (strong.length === 0 && request.length === 0) strong.push(`evt:${fact.eventId}`);
  return { strong, request, forward: forward.map((id) => `fwd:${id}`) };
}

/** The SKU×quantity multiset of a request (items are one entry per SKU, sorted). */
const itemsDigest = (fact: ReturnFact): string =>
  fingerprint(fact.items.map((item) => [item.sku, item.quantity])).slice(0, 24);

export const allKeys = (keys: IdentityKeys): string[] => [...keys.strong, ...keys.request, ...keys.forward];

/** Union-find over indices, with path halving; the representative is arbitrary. */
export class DisjointSets {
  private readonly parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, index) => index);
  }
  find(index: number): number {
    let node = index;
    while (this.parent[node] !== node) {
      const grand = this.parent[this.parent[node] as number] as number;
      this.parent[node] = grand;
      node = grand;
    }
    return node;
  }
  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    this.parent[rootB] = rootA;
  }
  groups(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let index = 0; index < this.parent.length; index++) {
      const root = this.find(index);
      byRoot.set(root, [...(byRoot.get(root) ?? []), index]);
    }
    return [...byRoot.values()];
  }
}

/**
 * Connected components over ALL keys (strong, request and forward): the unit the projector loads and
 * re-folds. Resolution never links facts of different components, so re-folding one component at a
 * time gives the same returns as folding everything at once.
 */
export function connectedComponents<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): T[][] {
  const sets = new DisjointSets(items.length);
  const owner = new Map<string, number>();
  items.forEach((item, index) => {
    for (const key of keysOf(item)) {
      const known = owner.get(key);
      if (known === undefined) owner.set(key, index);
      else sets.union(known, index);
    }
  });
  return sets.groups().map((group) => group.map((index) => items[index] as T));
}

/** A component's id: its smallest key (a function of the set, whatever the order of discovery). */
export const componentId = (keys: Iterable<string>): string => {
  let smallest: string | undefined;
  for (const key of keys) if (smallest === undefined || precedes(key, smallest)) smallest = key;
  if (smallest === undefined) throw new Error('a component without keys');
  return smallest;
};
