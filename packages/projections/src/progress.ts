import type { TopicNames } from '@shipfold/contracts';
import { NEVER_APPLIED, readPositions } from './positions';
import type { Projection } from './projection';
import type { Queryable } from './queryable';
import { topicKinds } from './records';
import type { Tables } from './tables';

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

/** Where a topic's partitions start and end (a Kafka admin client has this shape; offsets as decimal strings). */
export interface TopicOffsetSource {
  fetchTopicOffsets(topic: string): Promise<{ partition: number; low: string; high: string }[]>;
}

/** Where each projection stands on each partition of its topics, against the topics' current ends. */
export async function projectionProgress(
  offsets: TopicOffsetSource,
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
    for (const partition of await offsets.fetchTopicOffsets(topic)) {
      const low = BigInt(partition.low);
      for (const projection of readers) {
        const position = stored.find(
          (entry) =>
            entry.projection === projection.name &&
            entry.topic === topic &&
            entry.partition === partition.partition,
        )?.nextOffset;
        progress.push({
          projection: projection.name,
          topic,
          partition: partition.partition,
          low,
          high: BigInt(partition.high),
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
