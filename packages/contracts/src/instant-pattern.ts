import { Type } from '@sinclair/typebox';

/**
 * A UTC instant, ISO-8601 with Z. Expressed as a pattern rather than `format: date-time` so that
 * any JSON Schema validator (including the strict Ajv inside @kafkajs/confluent-schema-registry)
 * compiles the published contracts without extra format plugins.
 */
export const Instant = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
  description: 'UTC instant, ISO-8601 with Z',
});
