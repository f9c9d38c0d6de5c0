import type { TopicNames } from '@shipfold/contracts';
import { type BatchHandler, type ConsumedMessage, type Producer, sendInRequests } from '@shipfold/kafka';
import type { NormalizeOptions } from '@shipfold/mapping';
import { type EncodedPlan, encodePlan, isPermanent } from './encode';
import type { NormalizerMetrics } from './metrics';
import { planRecord } from './plan';

export interface BatchHandlerOptions {
  producer: Pick<Producer, 'sendBatch'>;
  decode: (buffer: Buffer) => Promise<unknown>;
  encode: (topic: string, value: unknown) => Promise<Buffer>;
  names: TopicNames;
  normalizeOptions: NormalizeOptions;
  chunkRecords: number;
  sendMaxBytes: number;
  metrics: NormalizerMetrics;
  log: {
    debug(details: Record<string, unknown>, message: string): void;
    error(details: Record<string, unknown>, message: string): void;
  };
}

/**
 * Handles one fetched batch of raw records, chunk by chunk: decode, normalize, encode, produce
 * (acks = all), and only then resolve the chunk's offsets, so a committed offset always means "its
 * events or DLQ record are written". A failure that is not the record's fault (Kafka or the registry
 * unreachable) propagates before anything of the chunk is resolved: kafkajs retries from there.
 */
export function batchHandler(options: BatchHandlerOptions): BatchHandler {
  const { names, metrics, log } = options;

  async function planMessage(message: ConsumedMessage, now: Date): Promise<EncodedPlan> {
    if (message.value === null) return { kind: 'undeliverable', detail: 'tombstone (null value)' };
    let value: unknown;
    try {
      value = await options.decode(message.value);
    } catch (error) {
      if (!isPermanent(error)) throw error;
      return {
        kind: 'undeliverable',
        detail: `undecodable: ${String((error as Error).message).slice(0, 300)}`,
      };
    }
    return encodePlan(planRecord(value, names, options.normalizeOptions, now), options.encode, names, now);
  }

  function account(
    plans: EncodedPlan[],
    chunk: ConsumedMessage[],
    where: { topic: string; partition: number },
  ) {
    const ackedAt = Date.now();
    plans.forEach((plan, index) => {
      if (plan.kind === 'undeliverable') {
        metrics.undeliverable();
        log.error({ ...where, offset: chunk[index]?.offset, detail: plan.detail }, 'raw record skipped');
        return;
      }
      metrics.published(plan.messages);
      metrics.receiptToPublish(Math.max(0, ackedAt - Date.parse(plan.envelope.receivedAt)) / 1000);
      for (const { counts } of plan.messages) {
        if ('rejection' in counts) {
          log.debug(
            { deliveryId: plan.envelope.deliveryId, reason: counts.rejection },
            'delivery dead-lettered',
          );
        }
      }
    });
  }

  return async (batch, { resolveOffset, heartbeat, commitOffsetsIfNecessary, isActive }) => {
    const where = { topic: batch.topic, partition: batch.partition };
    for (let start = 0; start < batch.messages.length; start += options.chunkRecords) {
      if (!isActive()) return;
      const chunk = batch.messages.slice(start, start + options.chunkRecords);
      const startedAt = performance.now();
      const now = new Date();
      const plans = await Promise.all(chunk.map((message) => planMessage(message, now)));
      await sendInRequests(
        options.producer,
        plans.flatMap((plan) => (plan.kind === 'publish' ? plan.messages : [])),
        options.sendMaxBytes,
      );
      account(plans, chunk, where);
      metrics.processed(chunk.length, (performance.now() - startedAt) / 1000);
      const last = chunk.at(-1);
      if (last) resolveOffset(last.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  };
}
