import type { TopicNames } from '@shipfold/contracts';

/** One consumed record: its offset and either the decoded value or why it cannot be used. */
export type DecodedRecord =
  | { offset: bigint; ok: true; value: unknown }
  | { offset: bigint; ok: false; reason: 'undecodable' | 'unexpected-type'; detail: string };

export type TopicKind = 'shipment-events' | 'return-events' | 'dlq';

export function topicKinds(names: TopicNames): Map<string, TopicKind> {
  return new Map([
    [names.shipmentEvents, 'shipment-events'],
    [names.returnEvents, 'return-events'],
    [names.dlq, 'dlq'],
  ]);
}
