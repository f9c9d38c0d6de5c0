import type { RawEnvelope } from '@shipfold/contracts';
import type { TopicCodec } from '@shipfold/kafka';
import type { Producer } from 'kafkajs';

/**
 * Writes raw envelopes to the raw topic and resolves only when Kafka acknowledged all of them
 * (acks = all on an idempotent producer). Records go out in sends below Kafka's default 1 MB
 * message.max.bytes, in order.
 */
export interface RawPublisher {
  publish(envelopes: readonly RawEnvelope[]): Promise<void>;
}

export const MAX_SEND_BYTES = 900_000;

export function createRawPublisher(
  producer: Producer,
  encode: TopicCodec['encode'],
  rawTopic: string,
  maxSendBytes = MAX_SEND_BYTES,
): RawPublisher {
  return {
    async publish(envelopes) {
      let batch: { key: string; value: Buffer }[] = [];
      let bytes = 0;
      const flush = async () => {
        if (batch.length === 0) return;
        await producer.send({ topic: rawTopic, acks: -1, messages: batch });
        batch = [];
        bytes = 0;
      };
      for (const envelope of envelopes) {
        const value = await encode(rawTopic, envelope);
        const size = value.length + Buffer.byteLength(envelope.partitionKey);
        if (bytes + size > maxSendBytes) await flush();
        batch.push({ key: envelope.partitionKey, value });
        bytes += size;
      }
      await flush();
    },
  };
}
