import { DlqRecord, ReturnEvent, ShipmentEvent } from '@shipfold/contracts';
import type { DecodedRecord, TopicKind } from '@shipfold/projections';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

const checks: Record<TopicKind, ReturnType<typeof TypeCompiler.Compile<TSchema>>> = {
  'shipment-events': TypeCompiler.Compile(ShipmentEvent),
  'return-events': TypeCompiler.Compile(ReturnEvent),
  dlq: TypeCompiler.Compile(DlqRecord),
};

/**
 * Errors that say "this record can never be decoded" (not framed for the registry, not JSON, not
 * valid under its writer schema, schema id unknown to the registry). Anything else — the registry
 * unreachable, say — is not the record's fault: it propagates and the batch is retried.
 */
const PERMANENT_ERRORS = new Set([
  'UndecodableRecordError',
  'ConfluentSchemaRegistryArgumentError',
  'ConfluentSchemaRegistryValidationError',
]);

function isPermanent(error: unknown): boolean {
  // The library does not export its error classes; they carry their class name.
  if (error instanceof Error && PERMANENT_ERRORS.has(error.name)) return true;
  if (error instanceof SyntaxError || error instanceof RangeError) return true;
  const status = (error as { status?: unknown } | null)?.status;
  return status === 404;
}

export interface RawRecord {
  offset: string;
  value: Buffer | null;
}

/**
 * Decodes a batch through the schema registry (Confluent wire format; the writer schema is fetched
 * once per id and cached) and checks each value is the type the topic carries.
 */
export async function decodeRecords(
  kind: TopicKind,
  records: readonly RawRecord[],
  decode: (buffer: Buffer) => unknown | Promise<unknown>,
): Promise<DecodedRecord[]> {
  const check = checks[kind];
  const decoded: DecodedRecord[] = [];
  for (const record of records) {
    const offset = BigInt(record.offset);
    if (record.value === null) {
      decoded.push({ offset, ok: false, reason: 'undecodable', detail: 'tombstone (null value)' });
      continue;
    }
    let value: unknown;
    try {
      value = decode(record.value);
      if (value instanceof Promise) value = await value;
    } catch (error) {
      if (!isPermanent(error)) throw error;
      decoded.push({
        offset,
        ok: false,
        reason: 'undecodable',
        detail: String((error as Error).message).slice(0, 300),
      });
      continue;
    }
    if (check.Check(value)) decoded.push({ offset, ok: true, value });
    else {
      const first = check.Errors(value).First();
      const detail = first ? `${first.path || '/'}: ${first.message}` : 'not a value of this topic';
      decoded.push({ offset, ok: false, reason: 'unexpected-type', detail });
    }
  }
  return decoded;
}
