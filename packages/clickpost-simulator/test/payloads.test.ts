import {
  ClickpostReturnsDeltaRecord,
  ClickpostTrackOrderResponse,
  ClickpostWebhook,
} from '@shipfold/contracts';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import {
  deltaRecord,
  generateWorld,
  Prng,
  returnPlacedWebhook,
  scanWebhook,
  simulatorOptions,
  trackOrderEntry,
} from '../src/index';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const options = simulatorOptions({
  seed: 'payloads',
  key: 'k',
  now: () => NOW,
  world: { shipments: 60, returnRate: 0.9 },
});
const world = generateWorld(new Prng('payloads'), options.world);
const forward = world.shipments.find(
  (shipment) => !shipment.isRvp && shipment.scans.some((scan) => scan.code === 9),
);
const pickup = world.shipments.find((shipment) => shipment.isRvp);
const returnOrder = world.returns.find((order) => order.pickup !== null);

describe('webhook payloads', () => {
  it('a scan webhook has the published shape, with latest_status and NDR', () => {
    if (!forward) throw new Error('no failed delivery in the generated world');
    const scan = forward.scans.find((candidate) => candidate.code === 9);
    const latest = forward.scans.at(-1);
    if (!scan || !latest) throw new Error('unexpected journey');
    const payload = scanWebhook(forward, scan, latest, true);
    expect(Value.Check(ClickpostWebhook, payload)).toBe(true);
    expect(payload).toMatchObject({
      waybill: forward.waybill,
      cp_id: forward.cpId,
      clickpost_status_code: 9,
      clickpost_status_description: 'FailedDelivery',
      clickpost_status_bucket: 5,
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      additional: {
        latest_status: { clickpost_status_code: latest.code, reference_number: forward.orderId },
        is_rvp: false,
        ndr_status_code: scan.ndr?.code,
        ndr_status_description: scan.ndr?.description,
      },
    });
  });

  it('an RVP tracking webhook carries is_rvp, the forward AWB and (when asked) the return reference', () => {
    if (!pickup) throw new Error('no pickup in the generated world');
    const scan = pickup.scans[0];
    if (!scan) throw new Error('pickup without scans');
    const payload = scanWebhook(pickup, scan, scan, true);
    expect(Value.Check(ClickpostWebhook, payload)).toBe(true);
    expect(payload.additional).toMatchObject({
      is_rvp: true,
      forward_awb: pickup.forwardAwb,
      forward_reference_number: pickup.forwardReference,
      return_reference_number: pickup.returnReference,
    });
    expect(scanWebhook(pickup, scan, scan, false).additional).not.toHaveProperty('return_reference_number');
  });

  it('Return Order Placed looks like the seed: blank waybill, cp_id -1, code 101, item_info, naive IST time', () => {
    if (!returnOrder) throw new Error('no return in the generated world');
    const payload = returnPlacedWebhook(returnOrder, options);
    expect(Value.Check(ClickpostWebhook, payload)).toBe(true);
    expect(payload).toMatchObject({
      waybill: '',
      cp_id: -1,
      clickpost_status_code: 101,
      notification_event: 11,
      clickpost_status_bucket: 8,
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/),
      additional: {
        is_rvp: true,
        notification_event_id: 11,
        forward_awb: returnOrder.forwardAwb,
        forward_reference_number: returnOrder.forwardReference,
        self_shipped: false,
        item_info: returnOrder.items.map(({ sku, quantity }) => ({ sku, quantity })),
      },
    });
    expect(payload).not.toHaveProperty('additional.return_reference_number');
  });
});

describe('API payloads', () => {
  it('a delta record before and after the pickup AWB exists', () => {
    if (!returnOrder?.pickup) throw new Error('no return with a pickup');
    const before = deltaRecord(returnOrder, returnOrder.requestedAt);
    const after = deltaRecord(returnOrder, returnOrder.pickup.awbAssignedAt);
    for (const record of [before, after]) expect(Value.Check(ClickpostReturnsDeltaRecord, record)).toBe(true);
    expect(before).toMatchObject({
      return_reference_number: returnOrder.returnReference,
      awb: null,
      cp_id: null,
      status: 'NEW_CASE',
    });
    expect(before).toHaveProperty(['Return Request Timestamp'], expect.stringMatching(/\.\d{6}Z$/));
    expect(after).toMatchObject({
      awb: returnOrder.pickup.waybill,
      cp_id: returnOrder.pickup.cpId,
      webhook_payload: {
        waybill: returnOrder.pickup.waybill,
        clickpost_status_code: 101,
        additional: {
          forward_awb: returnOrder.forwardAwb,
          return_reference_number: returnOrder.returnReference,
          item_info: returnOrder.items.map((item) => ({
            sku: item.sku,
            quantity: item.quantity,
            return_reason: item.reason,
            refund_mode: item.refundMode,
          })),
        },
      },
    });
  });

  it('a track-order entry shows the scans seen so far, newest first, in naive IST', () => {
    if (!forward) throw new Error('no forward shipment');
    const second = forward.scans[1];
    if (!second) throw new Error('short journey');
    const entry = trackOrderEntry(forward, second.at, options);
    expect(
      Value.Check(ClickpostTrackOrderResponse, {
        meta: { status: 200, success: true },
        result: { [forward.waybill]: entry },
      }),
    ).toBe(true);
    expect(entry?.scans).toHaveLength(2);
    expect(entry).toMatchObject({
      valid: true,
      latest_status: {
        clickpost_status_code: second.code,
        timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
      },
      additional: { courier_partner_id: forward.cpId, is_rvp: false },
    });
    const shownAt = new Date(second.at + 5.5 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
    const scans = (entry?.scans ?? []) as { timestamp: string }[];
    expect(scans[0]?.timestamp).toBe(shownAt);
    expect(trackOrderEntry(forward, (forward.scans[0]?.at ?? 0) - 1, options)).toBeNull();
  });
});
