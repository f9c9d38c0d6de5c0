import type { ShipmentStatusObserved } from '@shipfold/contracts';
import { describe, expect, it } from 'vitest';
import { eventsOf, fixture, json, onlyEvent, rejectionOf } from './support';

const CP_ID_HEADER = { 'x-clickpost-cp-id': '10' };
const trackOrder = (path: string, headers: Record<string, string> = CP_ID_HEADER) =>
  eventsOf('clickpost.track-order', fixture(`clickpost/${path}`), headers) as ShipmentStatusObserved[];
const brief = (event: ShipmentStatusObserved) => [event.statusCode, event.occurredAt, event.status];

describe('Clickpost track-order → one shipment.status-observed per scan', () => {
  it('2018-09 response: every scan, naive timestamps read in IST, latest_status collapsing into the newest scan', () => {
    const events = trackOrder('clickpost_track-order_response_5.json');
    expect(events.map(brief)).toEqual([
      [8, '2018-07-07T14:04:46.000Z', 'Delivered successfully'],
      [6, '2018-07-07T03:23:01.000Z', 'Out for Delivery'],
      [5, '2018-07-07T03:22:51.000Z', 'Assigned to a Shadowfax Rider'],
      [5, '2018-07-07T02:32:08.000Z', 'Reached the nearest hub'],
      [1, '2018-07-06T21:17:21.000Z', 'In Manifest'],
      [5, '2018-07-06T20:55:34.000Z', 'Collected by Shadowfax'],
      [1, '2018-07-06T00:11:13.000Z', 'Assigned to Shadowfax'],
    ]);
    for (const event of events) {
      expect(event).toMatchObject({
        type: 'shipment.status-observed',
        source: 'clickpost.track-order',
        waybill: 'SF18399217NER',
        cpId: 10, // from the poller's header: this response does not name the courier partner
        latestStatusCode: 8,
        ndrCode: null,
        isRvp: false,
        notificationEventId: null,
      });
    }
    expect(events[4]).toMatchObject({
      location: 'GUNJAN',
      bucket: 1,
      description: 'OrderPlaced',
      remark: 'In Manifest',
    });
    expect(events[0]?.latestStatus).toEqual({
      statusCode: 8,
      status: 'Delivered successfully',
      description: 'Delivered',
      bucket: 6,
      bucketDescription: null,
      location: null,
      remark: 'Delivered successfully',
      occurredAt: '2018-07-07T14:04:46.000Z',
    });
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
  });

  it('current docs response: EDD from courier_partner_edd; ndr_bucket_code is not an NDR status code', () => {
    const events = trackOrder('clickpost_track-order_response_1.json');
    expect(events).toHaveLength(8);
    expect(events[1]).toMatchObject({ statusCode: 9, occurredAt: '2018-07-07T05:23:01.000Z', bucket: 5 });
    for (const event of events) expect(event).toMatchObject({ edd: '2020-03-20', ndrCode: null, cpId: 10 });
  });

  it('2022 response: the courier partner id comes from the response itself, over the header', () => {
    const events = trackOrder('clickpost_track-order_response_6.json');
    expect(events).toHaveLength(8);
    expect(events[0]).toMatchObject({
      waybill: '4210610508756',
      cpId: 4,
      statusCode: 2,
      occurredAt: '2022-10-31T14:26:16.000Z',
      bucketDescription: 'Order Placed',
      referenceNumber: '1234556689',
      edd: null,
      latestStatusCode: 2,
    });
    expect(events[1]).toMatchObject({ statusCode: 3, bucketDescription: 'Order placed' });
    expect(trackOrder('clickpost_track-order_response_6.json', {}).map((event) => event.cpId)).toEqual(
      Array(8).fill(4),
    );
  });

  it('legacy response: result[awb] is the bare list of scans', () => {
    const events = trackOrder('constructed_track-order_legacy-scan-list.json');
    expect(events.map(brief)).toEqual([
      [6, '2017-08-02T13:23:02.000Z', 'O'],
      [5, '2017-08-02T03:40:44.000Z', 'Reached destination hub'],
    ]);
    for (const event of events) expect(event).toMatchObject({ waybill: 'P0109276342', latestStatus: null });
  });

  it('result null (an AWB Clickpost does not know) and valid: false give no events', () => {
    expect(trackOrder('clickpost_track-order_response_nonexistent-awb_1.json')).toEqual([]);
    const body = JSON.parse(fixture('clickpost/clickpost_track-order_response_5.json'));
    body.result.SF18399217NER.valid = false;
    expect(eventsOf('clickpost.track-order', json(body), CP_ID_HEADER)).toEqual([]);
  });

  it('result as a list of waybill maps (as the docs describe it) reads the same', () => {
    const body = JSON.parse(fixture('clickpost/clickpost_track-order_response_5.json'));
    const listed = { ...body, result: [body.result] };
    expect(eventsOf('clickpost.track-order', json(listed), CP_ID_HEADER)).toEqual(
      trackOrder('clickpost_track-order_response_5.json'),
    );
  });

  it('without a courier partner id anywhere the response is rejected, naming the header the poller must set', () => {
    const rejection = rejectionOf(
      'clickpost.track-order',
      fixture('clickpost/clickpost_track-order_response_5.json'),
    );
    expect(rejection.reason).toBe('schema-violation');
    expect(rejection.path).toBe('$.result.SF18399217NER.additional.courier_partner_id');
    expect(rejection.detail).toContain('x-clickpost-cp-id');
    expect(
      rejectionOf('clickpost.track-order', fixture('clickpost/clickpost_track-order_response_5.json'), {
        'x-clickpost-cp-id': 'ten',
      }).reason,
    ).toBe('schema-violation');
  });

  it('a webhook and a track-order poll of the same scan are the same event', () => {
    const polled = trackOrder('clickpost_track-order_response_6.json')[0];
    const pushed = onlyEvent(
      'shipment.status-observed',
      'clickpost.webhook',
      json({
        waybill: '4210610508756',
        cp_id: 4,
        clickpost_status_code: 2,
        status: 'Not Picked',
        timestamp: '2022-10-31T14:26:16.512311Z', // same scan, reported with microseconds and in UTC
        additional: { notification_event_id: 1 },
      }),
    );
    expect(pushed.eventId).toBe(polled?.eventId);
  });

  it('API error bodies are unsupported events with Clickpost words', () => {
    const body = json({ meta: { status: 301, message: 'Authentication Failed', success: false } });
    expect(rejectionOf('clickpost.track-order', body)).toMatchObject({
      reason: 'unsupported-event',
      detail: 'Clickpost API error response (meta.status 301): Authentication Failed',
    });
  });

  it('a scan without a status code rejects the response at that scan', () => {
    const body = JSON.parse(fixture('clickpost/clickpost_track-order_response_5.json'));
    delete body.result.SF18399217NER.scans[3].clickpost_status_code;
    expect(rejectionOf('clickpost.track-order', json(body), CP_ID_HEADER)).toMatchObject({
      reason: 'schema-violation',
      path: '$.result.SF18399217NER.scans[3].clickpost_status_code',
    });
  });

  it('a response without result is a schema violation', () => {
    expect(rejectionOf('clickpost.track-order', json({ meta: { success: true } }))).toMatchObject({
      reason: 'schema-violation',
      path: '$.result',
    });
  });
});
