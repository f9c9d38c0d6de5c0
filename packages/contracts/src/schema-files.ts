import { toJsonSchema, topicValueSchemas } from './topic-schemas';
import { topicNames, valueSubject } from './topics';

/**
 * The committed contracts in `schemas/`: one JSON Schema file per subject of the default topic
 * names, generated from the TypeBox definitions. `npm run schemas` writes them; a test fails when
 * they are stale.
 */
export function renderSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [topic, schema] of Object.entries(topicValueSchemas(topicNames()))) {
    files.set(`${valueSubject(topic)}.json`, `${JSON.stringify(toJsonSchema(schema), null, 2)}\n`);
  }
  return files;
}
