import type { RawEnvelope } from '@shipfold/contracts';
import type { CheckpointStore } from '@shipfold/tracking-state';
import type { RawPublisher } from '../src/index';

/** A checkpoint store in memory, with the same contract as the PostgreSQL one (no concurrency). */
export function memoryCheckpoints(): CheckpointStore & { positions: Map<string, number> } {
  const positions = new Map<string, number>();
  return {
    positions,
    async position(stream) {
      return positions.get(stream) ?? null;
    },
    async withCheckpoint(stream, initialMs, cycle) {
      if (!positions.has(stream)) positions.set(stream, initialMs());
      const result = await cycle(positions.get(stream) as number);
      if (result.advanceTo !== null)
        positions.set(stream, Math.max(positions.get(stream) as number, result.advanceTo));
      return { kind: 'done', value: result.value };
    },
  };
}

/** A publisher that keeps what it was given; `failNext` makes the next publish fail (Kafka down). */
export function memoryPublisher(): RawPublisher & { published: RawEnvelope[]; failNext: number } {
  const publisher = {
    published: [] as RawEnvelope[],
    failNext: 0,
    async publish(envelopes: readonly RawEnvelope[]) {
      if (publisher.failNext > 0) {
        publisher.failNext--;
        throw new Error('kafka unavailable');
      }
      publisher.published.push(...envelopes);
    },
  };
  return publisher;
}
