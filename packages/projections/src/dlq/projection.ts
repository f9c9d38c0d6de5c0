import type { DlqRecord } from '@shipfold/contracts';
import { canonicalInstant } from '@shipfold/domain';
import { emptyReport, type Projection } from '../projection';

/**
 * dlq_records from shipfold.dlq.v1, so the API can list recent rejections. Keyed by the record's
 * position in the topic: a replay writes the same rows.
 */
export const dlqProjection: Projection = {
  name: 'dlq',
  kinds: ['dlq'],
  tables: ['dlq_records'],

  async apply({ db, tables, topic, partition }, _kind, records) {
    const report = emptyReport();
    if (records.length === 0) return report;
    const rejections = records.map((record) => ({ offset: record.offset, value: record.value as DlqRecord }));
    // Text PostgreSQL cannot store (NUL) is replaced; the envelope is kept whole as JSON text.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what must go
    const text = (value: string | null) => (value === null ? null : value.replace(/\u0000/g, '\uFFFD'));
    const { rowCount } = await db.query(
      `INSERT INTO ${tables.dlqRecords} (topic, partition, "offset", delivery_id, stage, reason, detail, path,
          source, received_at, rejected_at, envelope)
        SELECT $1, $2, * FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
          $9::text[], $10::timestamptz[], $11::timestamptz[], $12::text[])
        ON CONFLICT DO NOTHING`,
      [
        topic,
        partition,
        rejections.map((r) => r.offset.toString()),
        rejections.map((r) => text(r.value.deliveryId)),
        rejections.map((r) => r.value.stage),
        rejections.map((r) => r.value.reason),
        rejections.map((r) => text(r.value.detail)),
        rejections.map((r) => text(r.value.path)),
        rejections.map((r) => r.value.envelope.source),
        rejections.map((r) => instantOrNull(r.value.envelope.receivedAt)),
        rejections.map((r) => instantOrNull(r.value.rejectedAt)),
        rejections.map((r) => JSON.stringify(r.value.envelope)),
      ],
    );
    report.applied = records.length;
    report.duplicates = records.length - (rowCount ?? 0);
    return report;
  },
};

/** The schema's pattern lets through calendar nonsense (month 13) that would fail the whole batch. */
function instantOrNull(value: string): string | null {
  try {
    return canonicalInstant(value);
  } catch {
    return null;
  }
}
