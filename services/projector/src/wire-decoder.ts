import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

/** A record that can never be decoded (not Confluent wire format, not JSON, schema id unknown). */
export class UndecodableRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndecodableRecordError';
  }
}

/**
 * Decodes Confluent-framed JSON records: magic byte 0, the 4-byte schema id, the JSON text. The id
 * must be known to the schema registry (looked up once per id, then cached); the value is then
 * checked against the topic's contract by the caller (TypeBox, compiled), which is the same
 * contract the registered JSON Schema was generated from. This replaces the registry client's
 * `decode`, whose per-record Ajv validation against the writer schema doubled the cost of reading.
 */
export function createWireDecoder(
  registry: Pick<SchemaRegistry, 'getSchema'>,
): (buffer: Buffer) => unknown | Promise<unknown> {
  const known = new Set<number>();
  const parse = (buffer: Buffer): unknown => {
    try {
      return JSON.parse(buffer.toString('utf8', 5));
    } catch (error) {
      throw new UndecodableRecordError(`not JSON: ${(error as Error).message}`);
    }
  };
  const learn = async (id: number, buffer: Buffer): Promise<unknown> => {
    try {
      await registry.getSchema(id);
    } catch (error) {
      if ((error as { status?: unknown } | null)?.status === 404) {
        throw new UndecodableRecordError(`schema id ${id} is unknown to the registry`);
      }
      throw error;
    }
    known.add(id);
    return parse(buffer);
  };
  // Synchronous once the id is known: no promise per record on the hot path.
  return (buffer) => {
    if (buffer.length < 5 || buffer[0] !== 0)
      throw new UndecodableRecordError('not in the Confluent wire format');
    const id = buffer.readInt32BE(1);
    return known.has(id) ? parse(buffer) : learn(id, buffer);
  };
}
