import { readdirSync } from 'node:fs';
import type { Source } from '@shipfold/contracts';
import { FIXTURES_DIR } from '@shipfold/test-support';
import { describe, expect, it } from 'vitest';
import { fixture, run } from './support';

/**
 * Every payload fixture (the seeds and every published reference sample) with the outcome it must
 * have: event types in order, or the rejection reason. The per-source tests assert the fields; this
 * table makes sure no fixture goes untested (a new file without an entry fails).
 */
const EXPECTED: Record<string, { source: Source; events?: string[]; rejected?: string }> = {
  'clickpost/clickpost_awb-register-v2_request_1.json': {
    source: 'clickpost.webhook',
    rejected: 'schema-violation',
  },
  'clickpost/clickpost_awb-register-v2_request_2.json': {
    source: 'clickpost.webhook',
    rejected: 'schema-violation',
  },
  'clickpost/clickpost_awb-register-v2_response_1.json': {
    source: 'clickpost.webhook',
    rejected: 'schema-violation',
  },
  'clickpost/clickpost_awb-register-v2_response_already-registered_1.json': {
    source: 'clickpost.track-order',
    rejected: 'unsupported-event',
  },
  'clickpost/clickpost_awb-register-v2_response_auth-failed_1.json': {
    source: 'clickpost.track-order',
    rejected: 'unsupported-event',
  },
  'clickpost/clickpost_awb-register-v2_response_inactive-account_1.json': {
    source: 'clickpost.returns-delta',
    rejected: 'unsupported-event',
  },
  'clickpost/clickpost_awb-register-v2_response_new_1.json': {
    source: 'clickpost.webhook',
    rejected: 'schema-violation',
  },
  'clickpost/clickpost_awb-unregister_request_1.json': {
    source: 'clickpost.webhook',
    rejected: 'schema-violation',
  },
  'clickpost/clickpost_returns-polling-delta_auth-error_1.json': {
    source: 'clickpost.returns-delta',
    rejected: 'unsupported-event',
  },
  'clickpost/clickpost_returns-polling-delta_error_1.json': {
    source: 'clickpost.returns-delta',
    rejected: 'unsupported-event',
  },
  'clickpost/clickpost_test-webhook_failed-delivery_1.json': {
    source: 'clickpost.webhook',
    rejected: 'unsupported-event',
  },
  'clickpost/clickpost_track-order_response_1.json': { source: 'clickpost.track-order', events: scans(8) },
  'clickpost/clickpost_track-order_response_5.json': { source: 'clickpost.track-order', events: scans(7) },
  'clickpost/clickpost_track-order_response_6.json': { source: 'clickpost.track-order', events: scans(8) },
  'clickpost/clickpost_track-order_response_nonexistent-awb_1.json': {
    source: 'clickpost.track-order',
    events: [],
  },
  'clickpost/clickpost_webhook_all-events-ofd_2.json': { source: 'clickpost.webhook', events: scans(1) },
  'clickpost/clickpost_webhook_ndr-failed-delivery_1.json': { source: 'clickpost.webhook', events: scans(1) },
  'clickpost/clickpost_webhook_selected-delivered_1.json': { source: 'clickpost.webhook', events: scans(1) },
  'clickpost/clickpost_webhook_selected-failed-delivery_1.json': {
    source: 'clickpost.webhook',
    events: scans(1),
  },
  'clickpost/clickpost_webhook_selected-failed-delivery_2.json': {
    source: 'clickpost.webhook',
    events: scans(1),
  },
  'clickpost/constructed_track-order_legacy-scan-list.json': {
    source: 'clickpost.track-order',
    events: scans(2),
  },
  'clickpost/constructed_webhook_quirks.json': { source: 'clickpost.webhook', events: scans(1) },
  'clickpost/constructed_webhook_return-request-approved.json': {
    source: 'clickpost.webhook',
    events: ['return.updated'],
  },
  'clickpost/constructed_webhook_rvp-out-for-pickup.json': { source: 'clickpost.webhook', events: scans(1) },
  'clickpost/seed_awb-unregister_response.json': {
    source: 'clickpost.webhook',
    rejected: 'schema-violation',
  },
  'clickpost/seed_return-order-placed.json': { source: 'clickpost.webhook', events: ['return.placed'] },
  'clickpost/seed_return-order-placed_as-published.txt': {
    source: 'clickpost.webhook',
    rejected: 'malformed-json',
  },
  'clickpost/seed_returns-delta_response.json': {
    source: 'clickpost.returns-delta',
    events: ['return.placed'],
  },
  'clickpost/seed_webhook_ndr-failed-delivery.json': { source: 'clickpost.webhook', events: scans(1) },
  'clickpost/seed_webhook_selected-delivered.json': { source: 'clickpost.webhook', events: scans(1) },
  'increff/increff_push-return-order_create_1.json': {
    source: 'increff.return-callback',
    rejected: 'unsupported-event',
  },
  'increff/increff_returns-processing-update-api-outbound_1.json': {
    source: 'increff.return-callback',
    events: ['return.processed'],
  },
  'increff/seed_return-processing-callback.json': {
    source: 'increff.return-callback',
    events: ['return.processed'],
  },
  'increff/seed_return-processing-callback_as-published.txt': {
    source: 'increff.return-callback',
    rejected: 'malformed-json',
  },
  'redo/redo_webhook_return-event-created_1.json': { source: 'redo.webhook', events: ['return.placed'] },
  'redo/seed_return-event-backfill.json': { source: 'redo.webhook', events: ['return.updated'] },
};

function scans(count: number): string[] {
  return Array(count).fill('shipment.status-observed');
}

const FIXTURES = FIXTURES_DIR;
const files = ['clickpost', 'increff', 'redo'].flatMap((dir) =>
  readdirSync(`${FIXTURES}${dir}`).map((name) => `${dir}/${name}`),
);

describe('every payload fixture has its expected outcome', () => {
  it('the table covers exactly the fixture files', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(files.sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (path, expected) => {
    const result = run(expected.source, fixture(path), { 'x-clickpost-cp-id': '10' });
    if (expected.rejected) {
      expect(result).toMatchObject({ ok: false, reason: expected.rejected });
    } else {
      expect(result.ok && result.events.map((event) => event.type)).toEqual(expected.events);
    }
  });
});
