import { describe, expect, it } from 'vitest';
import { eventsOf, fixture, json, onlyEvent, RECEIVED_AT, rejectionOf } from './support';

const delivery = {
  source: 'clickpost.webhook',
  deliveryId: '0190f0e2-7c1a-7000-8000-000000000001',
  receivedAt: RECEIVED_AT,
} as const;
const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const webhook = (path: string) => fixture(`clickpost/${path}`);
const scanOf = (body: string) => onlyEvent('shipment.status-observed', 'clickpost.webhook', body);

describe('Clickpost tracking webhooks → shipment.status-observed', () => {
  it('2017 all-status webhook (no bucket, no is_rvp): every field', () => {
    const event = scanOf(webhook('clickpost_webhook_all-events-ofd_2.json'));
    expect(event).toEqual({
      type: 'shipment.status-observed',
      eventId: 'c23e8258-3899-5b10-95ff-04167e4b7cb7',
      occurredAt: '2017-08-02T13:23:02.000Z',
      ...delivery,
      waybill: 'P0109276342',
      cpId: 14,
      accountCode: null,
      statusCode: 6,
      status: 'O',
      description: 'OutForDelivery',
      bucket: null,
      bucketDescription: null,
      location: 'VASAI, MUMBAI',
      remark: 'Out For Delivery',
      latestStatus: {
        statusCode: 6,
        status: 'O',
        description: 'OutForDelivery',
        bucket: null,
        bucketDescription: null,
        location: 'VASAI, MUMBAI',
        remark: 'Out For Delivery',
        occurredAt: '2017-08-02T13:23:02.000Z',
      },
      latestStatusCode: 6,
      ndrCode: null,
      ndrDescription: null,
      edd: null,
      isRvp: false,
      forwardAwb: null,
      forwardReference: null,
      returnReference: null,
      referenceNumber: null,
      notificationEventId: null,
    });
  });

  it('NDR webhook: NDR code and description, reference number from latest_status, explicit is_rvp false', () => {
    const event = scanOf(webhook('clickpost_webhook_ndr-failed-delivery_1.json'));
    expect(event.eventId).toMatch(UUID_V5);
    expect(event.occurredAt).toBe('2016-07-12T17:12:36.000Z');
    expect(event.waybill).toBe('XYZABC');
    expect(event.cpId).toBe(1);
    expect(event.statusCode).toBe(9);
    expect(event.status).toBe('When forward shipment is not accepted by end customer');
    expect(event.description).toBe('FailedDelivery');
    expect(event.remark).toBe('Failed Delivery');
    expect(event.location).toBe('Bengaluru_Koramangala_Dc (Karnataka)');
    expect(event.latestStatusCode).toBe(9);
    expect(event.latestStatus?.occurredAt).toBe('2016-07-12T17:12:36.000Z');
    expect(event.ndrCode).toBe(1);
    expect(event.ndrDescription).toBe('Customer Unavailable');
    expect(event.referenceNumber).toBe('WERA-9616974');
    expect(event.isRvp).toBe(false);
    expect(event.edd).toBeNull();
    expect(event.notificationEventId).toBeNull();
  });

  it('NDR webhook as in the seed: a naive timestamp with milliseconds is IST', () => {
    const event = scanOf(webhook('seed_webhook_ndr-failed-delivery.json'));
    expect(event.occurredAt).toBe('2016-07-12T11:42:36.710Z');
    expect(event.latestStatus?.occurredAt).toBe('2016-07-12T11:42:36.710Z');
    expect(event.ndrCode).toBe(1);
    expect(event.ndrDescription).toBe('Customer Unavailable');
    expect(event.referenceNumber).toBeNull();
  });

  it('selected-event Delivered: notification event, EDD, bucket in latest_status, order id', () => {
    const event = scanOf(webhook('clickpost_webhook_selected-delivered_1.json'));
    expect(event).toMatchObject({
      occurredAt: '2019-05-06T15:01:00.000Z',
      waybill: '12527345',
      cpId: 4,
      statusCode: 8,
      status: 'Delivered',
      description: 'Delivered',
      bucket: null,
      location: 'Nayagarh_Durgprsd_D (Orissa)',
      remark: 'Delivered to consignee',
      latestStatusCode: 8,
      latestStatus: {
        statusCode: 8,
        bucket: 6,
        bucketDescription: 'Delivered',
        occurredAt: '2019-05-06T15:01:00.000Z',
      },
      ndrCode: null,
      edd: '2020-03-25',
      isRvp: false,
      referenceNumber: 'WERA-NMS1908MSO2',
      notificationEventId: 5,
    });
  });

  it('selected-event Failed delivery (2019): NDR 1 with the lower-case description as sent', () => {
    const event = scanOf(webhook('clickpost_webhook_selected-failed-delivery_1.json'));
    expect(event).toMatchObject({
      occurredAt: '2019-05-01T00:55:06.000Z',
      waybill: '2614010163240',
      cpId: 4,
      statusCode: 9,
      status: 'Pending',
      latestStatus: { bucket: 5, bucketDescription: 'Failed delivery' },
      ndrCode: 1,
      ndrDescription: 'Customer unavailable',
      edd: '2020-03-25',
      notificationEventId: 4,
    });
  });

  it('selected-event Failed delivery (2018): microsecond Z timestamps, NDR 4', () => {
    const event = scanOf(webhook('clickpost_webhook_selected-failed-delivery_2.json'));
    expect(event).toMatchObject({
      occurredAt: '2018-08-06T14:48:57.002Z',
      waybill: '420714276042',
      statusCode: 9,
      ndrCode: 4,
      ndrDescription: 'No attempt',
      notificationEventId: 4,
      location: 'Kayamkulam_Bhrnikvu_D (Kerala)',
    });
  });

  it('selected-event Delivered as in the seed', () => {
    const event = scanOf(webhook('seed_webhook_selected-delivered.json'));
    expect(event).toMatchObject({
      occurredAt: '2018-08-06T15:00:32.002Z',
      waybill: '420714276075',
      cpId: 4,
      statusCode: 8,
      notificationEventId: 5,
      latestStatusCode: 8,
    });
  });

  it('reads the quirks real senders show', () => {
    const event = scanOf(webhook('constructed_webhook_quirks.json'));
    expect(event).toMatchObject({
      occurredAt: '2023-04-20T14:55:13.000Z', // "2023-04-20T14: 55: 13Z"
      waybill: '3515341', // "  3515341 "
      cpId: 10, // "10"
      statusCode: 9, // "9"
      bucket: 5, // "5"
      bucketDescription: '5', // 5
      status: 'Consignee not available', // stray spaces
      remark: null, // "None"
      location: null, // ""
      ndrCode: 1, // "1"
      edd: null, // ""
      isRvp: false, // "False"
      notificationEventId: 4, // top-level notification_event
      latestStatus: { statusCode: 9, remark: null, location: null, occurredAt: '2023-07-27T11:31:00.000Z' },
    });
  });

  it('RVP tracking webhook: a scan of the return AWB carrying the links to the forward shipment and the return', () => {
    const event = scanOf(webhook('constructed_webhook_rvp-out-for-pickup.json'));
    expect(event).toMatchObject({
      occurredAt: '2022-11-10T04:45:00.000Z',
      waybill: '2667237821710',
      cpId: 25,
      statusCode: 25,
      isRvp: true,
      forwardAwb: '5522110373319',
      forwardReference: '2290664',
      returnReference: '8036651667991648',
      notificationEventId: 1,
    });
  });

  it('prefers additional.notification_event_id over the top-level notification_event', () => {
    const body = JSON.parse(webhook('clickpost_webhook_all-events-ofd_2.json'));
    body.notification_event = 2;
    expect(scanOf(json(body)).notificationEventId).toBe(2);
    body.additional.notification_event_id = 3;
    expect(scanOf(json(body)).notificationEventId).toBe(3);
  });

  it('keeps unknown fields out of the way: they never cause a rejection', () => {
    const body = JSON.parse(webhook('clickpost_webhook_all-events-ofd_2.json'));
    body.brand_new_field = { nested: [1, 2, 3] };
    body.additional.latest_status.another = 'x';
    expect(scanOf(json(body)).statusCode).toBe(6);
  });
});

describe('Clickpost return-request webhooks → return.placed / return.updated', () => {
  it('Return Order Placed (blank waybill, cp_id -1) is a return placement, not a scan', () => {
    const event = onlyEvent('return.placed', 'clickpost.webhook', webhook('seed_return-order-placed.json'));
    expect(event).toEqual({
      type: 'return.placed',
      eventId: '4c72eec7-f25d-5e92-9210-026e0ee9b2c4',
      occurredAt: '2019-04-29T02:17:07.161Z',
      ...delivery,
      platform: 'clickpost',
      returnReference: null,
      returnAwb: null,
      cpId: null,
      forwardAwb: '5522110373319',
      forwardReference: '1405277',
      forwardOrderId: null,
      status: 'Return Order Placed',
      statusCode: 101,
      refundMode: null,
      selfShipped: false,
      items: ['120667', '9649', '46457', '10924'].map((sku) => ({
        sku,
        quantity: 1,
        reason: null,
        refundMode: null,
        qcStatus: null,
        qcReason: null,
        status: null,
      })),
    });
  });

  it('Return Order Placed exactly as published (a trailing comma) is malformed-json', () => {
    const rejection = rejectionOf('clickpost.webhook', webhook('seed_return-order-placed_as-published.txt'));
    expect(rejection.reason).toBe('malformed-json');
    expect(rejection.path).toBeNull();
    expect(rejection.detail).toMatch(/not valid JSON/);
  });

  it('Return Request Approved (notification event 22) is return.updated', () => {
    const event = onlyEvent(
      'return.updated',
      'clickpost.webhook',
      webhook('constructed_webhook_return-request-approved.json'),
    );
    expect(event).toMatchObject({
      occurredAt: '2019-04-29T03:32:11.512Z',
      platform: 'clickpost',
      returnReference: null,
      returnAwb: null,
      cpId: null,
      forwardAwb: '5522110373319',
      forwardReference: '1405277',
      status: 'Return Request Approved',
      statusCode: 101,
      selfShipped: false,
    });
    expect(event.items.map((item) => [item.sku, item.quantity])).toEqual([
      ['120667', 1],
      ['9649', 1],
    ]);
  });

  it('status 101 with a reverse waybill is still a return placement, keeping the waybill and courier', () => {
    const body = JSON.parse(webhook('seed_return-order-placed.json'));
    body.waybill = '2667237821710';
    body.cp_id = 25;
    const event = onlyEvent('return.placed', 'clickpost.webhook', json(body));
    expect(event.returnAwb).toBe('2667237821710');
    expect(event.cpId).toBe(25);
  });

  it('a waybill with a tracking status code is a scan, whatever notification id comes with it', () => {
    // An RVP tracking webhook, Delivered (8) with latest_status, carrying a managed-returns
    // notification id: once it became only return.placed, and the scan was lost.
    const body = JSON.parse(webhook('constructed_webhook_rvp-out-for-pickup.json'));
    body.clickpost_status_code = 8;
    body.clickpost_status_description = 'Delivered';
    body.additional.latest_status = { ...body.additional.latest_status, clickpost_status_code: 8 };
    for (const [notification, returnType] of [
      [11, 'return.placed'],
      [22, 'return.updated'],
    ] as const) {
      body.additional.notification_event_id = notification;
      const events = eventsOf('clickpost.webhook', json(body));
      expect(events.map((event) => event.type).sort()).toEqual([returnType, 'shipment.status-observed']);
      const scan = events.find((event) => event.type === 'shipment.status-observed');
      expect(scan).toMatchObject({ waybill: '2667237821710', cpId: 25, statusCode: 8, isRvp: true });
      expect(events.find((event) => event.type === returnType)).toMatchObject({ returnAwb: '2667237821710' });
    }
  });

  it('a blank-waybill RVP webhook with another status is return.updated', () => {
    const body = JSON.parse(webhook('seed_return-order-placed.json'));
    body.clickpost_status_code = 10;
    body.status = 'Return cancelled';
    delete body.notification_event;
    delete body.additional.notification_event_id;
    const event = onlyEvent('return.updated', 'clickpost.webhook', json(body));
    expect(event).toMatchObject({ statusCode: 10, status: 'Return cancelled', forwardAwb: '5522110373319' });
  });

  it('a return request that names no return at all is a schema violation', () => {
    const body = JSON.parse(webhook('seed_return-order-placed.json'));
    body.additional.forward_awb = '';
    body.additional.forward_reference_number = 'None';
    const rejection = rejectionOf('clickpost.webhook', json(body));
    expect(rejection).toMatchObject({ reason: 'schema-violation', path: '$.additional.forward_awb' });
  });

  it('an item without a SKU is a schema violation at that item', () => {
    const body = JSON.parse(webhook('seed_return-order-placed.json'));
    body.additional.item_info[2].sku = null;
    expect(rejectionOf('clickpost.webhook', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.additional.item_info[2].sku',
    });
  });
});

describe('Clickpost webhooks that are not facts', () => {
  it('the test webhook (test_url + test_data) is an unsupported event, with a clear detail', () => {
    const rejection = rejectionOf(
      'clickpost.webhook',
      webhook('clickpost_test-webhook_failed-delivery_1.json'),
    );
    expect(rejection.reason).toBe('unsupported-event');
    expect(rejection.path).toBe('$.test_data');
    expect(rejection.detail).toMatch(/test webhook/);
  });

  it('a tracking webhook without a waybill is a schema violation at $.waybill', () => {
    const body = JSON.parse(webhook('clickpost_webhook_all-events-ofd_2.json'));
    body.waybill = ' ';
    expect(rejectionOf('clickpost.webhook', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.waybill',
    });
  });

  it('a scan without a courier partner is a schema violation at $.cp_id', () => {
    const body = JSON.parse(webhook('clickpost_webhook_all-events-ofd_2.json'));
    body.cp_id = -1;
    expect(rejectionOf('clickpost.webhook', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.cp_id',
    });
  });

  it.each([
    'clickpost_awb-register-v2_request_1.json',
    'clickpost_awb-register-v2_request_2.json',
    'clickpost_awb-register-v2_response_1.json',
    'clickpost_awb-register-v2_response_already-registered_1.json',
    'clickpost_awb-register-v2_response_auth-failed_1.json',
    'clickpost_awb-register-v2_response_inactive-account_1.json',
    'clickpost_awb-register-v2_response_new_1.json',
    'clickpost_awb-unregister_request_1.json',
    'seed_awb-unregister_response.json',
  ])('%s posted as a webhook is a schema violation: no status code', (path) => {
    expect(rejectionOf('clickpost.webhook', webhook(path))).toMatchObject({
      reason: 'schema-violation',
      path: '$.clickpost_status_code',
    });
  });

  it('an unreadable scan timestamp is unreadable-timestamp at its path', () => {
    const body = JSON.parse(webhook('clickpost_webhook_all-events-ofd_2.json'));
    body.additional.latest_status.timestamp = 'last Tuesday';
    const rejection = rejectionOf('clickpost.webhook', json(body));
    expect(rejection).toMatchObject({
      reason: 'unreadable-timestamp',
      path: '$.additional.latest_status.timestamp',
    });
    expect(rejection.detail).toContain('last Tuesday');
  });
});
