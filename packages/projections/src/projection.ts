import type { Queryable } from './queryable';
import type { DecodedRecord, TopicKind } from './records';
import type { Tables } from './tables';

export type ProjectionName = 'shipments' | 'returns' | 'dlq';

export interface ApplyContext {
  db: Queryable;
  tables: Tables;
  /** Topic and partition of the batch (the DLQ table keeps them). */
  topic: string;
  partition: number;
  warn: (details: Record<string, unknown>, message: string) => void;
}

/** Decoded records a projection has not applied yet, in offset order. */
export type UsableRecord = Extract<DecodedRecord, { ok: true }>;

/** What a projection did with a batch; counted in the metrics once the transaction committed. */
export interface ProjectionReport {
  /** Events (facts, rejections) folded in, duplicates included. */
  applied: number;
  /** Of those, how many the projection already held. */
  duplicates: number;
  /** Of those, how many were older than their aggregate's current state. */
  outOfOrder: number;
  /** Events the fold refused, by reason. */
  refused: Map<string, number>;
}

export const emptyReport = (): ProjectionReport => ({
  applied: 0,
  duplicates: 0,
  outOfOrder: 0,
  refused: new Map(),
});

export function countRefusal(report: ProjectionReport, reason: string): void {
  report.refused.set(reason, (report.refused.get(reason) ?? 0) + 1);
}

/**
 * One read model fed by some topics. `apply` runs inside the batch's transaction, together with the
 * other projections of the topic and the position update.
 */
export interface Projection {
  name: ProjectionName;
  kinds: readonly TopicKind[];
  /** Tables it owns (names in the schema): what a rebuild recreates and swaps. */
  tables: readonly string[];
  apply(context: ApplyContext, kind: TopicKind, records: readonly UsableRecord[]): Promise<ProjectionReport>;
}
