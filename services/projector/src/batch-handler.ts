import type { BatchHandler } from '@shipfold/kafka';
import type { TopicKind } from '@shipfold/projections';
import type { BatchApplier } from './batch-applier';
import { decodeRecords } from './decode';

export interface BatchHandlerOptions {
  /** The kind of each consumed topic. */
  kinds: ReadonlyMap<string, TopicKind>;
  decode: (buffer: Buffer) => unknown | Promise<unknown>;
  applier: BatchApplier;
}

/**
 * Handles one fetched batch: decode it, apply it to the projections (batch-applier.ts), then either
 * resolve its offsets or, when the stored positions say records are missing, seek back to them.
 */
export function batchHandler({ kinds, decode, applier }: BatchHandlerOptions): BatchHandler {
  return async (batch, { resolveOffset, heartbeat, seek }) => {
    const kind = kinds.get(batch.topic);
    if (kind === undefined) return;
    const records = await decodeRecords(kind, batch.messages, decode);
    const outcome = await applier.apply({ topic: batch.topic, kind, partition: batch.partition, records });
    if (outcome.action === 'seek') seek(outcome.offset.toString());
    else resolveOffset(batch.lastOffset());
    await heartbeat();
  };
}
