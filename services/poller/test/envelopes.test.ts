import { createHash } from 'node:crypto';
import { RawEnvelope, TRACK_ORDER_CP_ID_HEADER } from '@shipfold/contracts';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { deltaEnvelope, trackOrderEnvelope } from '../src/index';

const at = new Date('2024-06-01T12:00:00Z');
const window = { start_time: '2024-06-01T10:00:00', end_time: '2024-06-01T11:00:00' };

describe('raw envelopes of polled data', () => {
  it('a delta result: its JSON as body, keyed by return reference, window in the headers', () => {
    const result = { return_reference_number: ' RE123 ', status: 'NEW_CASE', awb: null };
    const envelope = deltaEnvelope(result, window, at);
    expect(Value.Check(RawEnvelope, envelope)).toBe(true);
    expect(envelope).toMatchObject({
      source: 'clickpost.returns-delta',
      receivedAt: '2024-06-01T12:00:00.000Z',
      contentType: 'application/json',
      partitionKey: 'return:RE123',
      headers: { 'x-clickpost-window-start': window.start_time, 'x-clickpost-window-end': window.end_time },
    });
    expect(JSON.parse(envelope.body)).toEqual(result);
    expect(envelope.contentSha256).toBe(createHash('sha256').update(envelope.body).digest('hex'));
    expect(envelope.deliveryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
  });

  it('a delta result without a usable reference falls back to the delivery id as key', () => {
    for (const reference of [undefined, '', '   ', 'x'.repeat(201)]) {
      const envelope = deltaEnvelope({ return_reference_number: reference }, window, at);
      expect(envelope.partitionKey).toBe(envelope.deliveryId);
    }
  });

  it('a track-order waybill: a one-waybill answer as body, keyed like the webhooks, cp_id in a header', () => {
    const entry = { latest_status: { clickpost_status_code: 8 }, scans: [], valid: true };
    const meta = { status: 200, success: true, message: 'SUCCESS' };
    const envelope = trackOrderEnvelope(meta, 4, 'AWB1', entry, at);
    expect(Value.Check(RawEnvelope, envelope)).toBe(true);
    expect(envelope).toMatchObject({
      source: 'clickpost.track-order',
      partitionKey: 'clickpost:4:AWB1',
      headers: { [TRACK_ORDER_CP_ID_HEADER]: '4' },
    });
    expect(JSON.parse(envelope.body)).toEqual({ meta, result: { AWB1: entry } });
  });
});
