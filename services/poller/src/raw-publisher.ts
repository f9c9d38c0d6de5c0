import type { RawEnvelope } from '@shipfold/contracts';
import { type Producer, sendInRequests, type TopicCodec } from '@shipfold/kafka';

/**
 * Writes raw envelopes to the raw topic and resolves only when Kafka acknowledged all of them
 * (acks = all). Records go out in sends below Kafka's default 1 MB
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
      const records = [];
      for (const envelope of envelopes) {
        records.push({
          topic: rawTopic,
          key: envelope.partitionKey,
          value: await encode(rawTopic, envelope),
        });
      }
      await sendInRequests(producer, records, maxSendBytes);
    },
  };
}
