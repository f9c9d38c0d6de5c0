import type { TSchema } from '@sinclair/typebox';
import { DlqRecord } from './dlq';
import { RawEnvelope } from './envelope';
import { ReturnEvent, ShipmentEvent } from './events';
import type { TopicNames } from './topics';

/** The value contract of every topic: what the registry holds under `<topic>-value`. */
export function topicValueSchemas(names: TopicNames): Record<string, TSchema> {
  return {
    [names.raw]: RawEnvelope,
    [names.shipmentEvents]: ShipmentEvent,
    [names.returnEvents]: ReturnEvent,
    [names.dlq]: DlqRecord,
  };
}

/** A schema as plain JSON Schema text (TypeBox's symbol-keyed metadata does not serialize). */
export const toJsonSchema = (schema: TSchema): Record<string, unknown> => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  ...JSON.parse(JSON.stringify(schema)),
});
