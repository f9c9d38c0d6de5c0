import type { TopicNames } from '@shipfold/contracts';
import type { Admin } from 'kafkajs';
import { topicKinds } from './decode';
import { NEVER_APPLIED, readPositions } from './positions';
import type { Projection } from './projection';
import type { Queryable } from './queryable';
import type { Tables } from './sql';

export interface PartitionProgress {
  projection: string;
  topic: string;
  partition: number;
  /** First offset still in the partition. */
  low: bigint;
  /** Next offset Kafka will write (the end). */
  high: bigint;
  /** Next offset the projection will apply. */
  position: bigint;
}

/** Where each projection stands on each partition of its topics, against the topics' current ends. */
export async function projectionProgress(
  admin: Admin,
  db: Queryable,
  tables: Tables,
  names: TopicNames,
  projections: readonly Projection[],
): Promise<PartitionProgress[]> {
  const stored = await readPositions(db, tables);
  const kinds = topicKinds(names);
  const progress: PartitionProgress[] = [];
  for (const [topic, kind] of kinds) {
    const readers = projections.filter((projection) => projection.kinds.includes(kind));
    if (readers.length === 0) continue;
    for (const offsets of await admin.fetchTopicOffsets(topic)) {
      const low = BigInt(offsets.low);
      for (const projection of readers) {
        const position = stored.find(
          (entry) =>
            entry.projection === projection.name &&
            entry.topic === topic &&
            entry.partition === offsets.partition,
        )?.nextOffset;
        progress.push({
          projection: projection.name,
          topic,
          partition: offsets.partition,
          low,
          high: BigInt(offsets.high),
          position: position === undefined || position === NEVER_APPLIED || position < low ? low : position,
        });
      }
    }
  }
  return progress;
}

/** Records still to apply, summed over the projections and partitions. */
export const remaining = (progress: readonly PartitionProgress[]): bigint =>
  progress.reduce((sum, entry) => sum + (entry.high > entry.position ? entry.high - entry.position : 0n), 0n);
