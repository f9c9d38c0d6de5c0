import { describe, expect, it } from 'vitest';
import { eventsOf, fixture, json, onlyEvent, RECEIVED_AT, rejectionOf } from './support';

const response = () => fixture('clickpost/seed_returns-delta_response.json');

describe('Clickpost Returns Polling Delta → return.placed per return request', () => {
  it('the documented response: every field', () => {
    const event = onlyEvent('return.placed', 'clickpost.returns-delta', response());
    expect(event).toEqual({
      type: 'return.placed',
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurredAt: '2022-11-09T11:00:48.702Z',
      source: 'clickpost.returns-delta',
      deliveryId: '0190f0e2-7c1a-7000-8000-000000000001',
      receivedAt: RECEIVED_AT,
      platform: 'clickpost',
      returnReference: '8036651667991648',
      returnAwb: '2667237821710',
      cpId: 25,
      forwardAwb: null, // sent blank
      forwardReference: '2290664',
      forwardOrderId: '103887038',
      status: 'Return Order Placed',
      statusCode: 101,
      refundMode: 'Back to source',
      selfShipped: false,
      items: [
        {
          sku: '4060981731573',
          quantity: 1,
          reason: 'Other Reason',
          refundMode: 'Back to source',
          qcStatus: null,
          qcReason: null,
          status: null,
        },
      ],
    });
  });

  it('a single result record (as the poller may publish it) gives the same event', () => {
    const record = JSON.parse(response()).result[0];
    expect(eventsOf('clickpost.returns-delta', json(record))).toEqual(
      eventsOf('clickpost.returns-delta', response()),
    );
  });

  it('overlapping polls give the same event id; another request time another one', () => {
    const body = JSON.parse(response());
    const first = onlyEvent('return.placed', 'clickpost.returns-delta', json(body));
    expect(onlyEvent('return.placed', 'clickpost.returns-delta', json(body)).eventId).toBe(first.eventId);
    body.result[0].webhook_payload.timestamp = '2022-11-09T11:05:00Z';
    expect(onlyEvent('return.placed', 'clickpost.returns-delta', json(body)).eventId).not.toBe(first.eventId);
  });

  it('a later poll that learned the reverse pickup is a new event with the new facts', () => {
    const before = JSON.parse(response());
    Object.assign(before.result[0], { status: 'NEW_CASE', awb: null, cp_id: null, timestamp: null });
    Object.assign(before.result[0].webhook_payload, { waybill: '', cp_id: -1 });
    const placed = onlyEvent('return.placed', 'clickpost.returns-delta', json(before));
    const picked = onlyEvent('return.placed', 'clickpost.returns-delta', response());
    expect(placed).toMatchObject({ returnAwb: null, cpId: null, occurredAt: picked.occurredAt });
    expect(picked).toMatchObject({ returnAwb: '2667237821710', cpId: 25 });
    expect(picked.eventId).not.toBe(placed.eventId);
  });

  it('reads the request time under the key the docs table gives it ("Return Request Timestamp")', () => {
    const body = JSON.parse(response());
    const record = body.result[0];
    delete record.webhook_payload.timestamp;
    delete record.return_request_timestamp;
    record['Return Request Timestamp'] = '2022-11-09T11:00:40.000000Z';
    expect(onlyEvent('return.placed', 'clickpost.returns-delta', json(body)).occurredAt).toBe(
      '2022-11-09T11:00:40.000Z',
    );
  });

  it('naive delta timestamps are UTC, as the delta API documents', () => {
    const body = JSON.parse(response());
    body.result[0].webhook_payload.timestamp = '2022-11-09 11:00:48';
    expect(onlyEvent('return.placed', 'clickpost.returns-delta', json(body)).occurredAt).toBe(
      '2022-11-09T11:00:48.000Z',
    );
  });

  it('falls back to the record timestamps without a webhook payload', () => {
    const body = JSON.parse(response());
    delete body.result[0].webhook_payload;
    const event = onlyEvent('return.placed', 'clickpost.returns-delta', json(body));
    expect(event).toMatchObject({ occurredAt: '2022-11-09T11:00:48.702Z', status: 'SUCCESS', items: [] });
    delete body.result[0].return_request_timestamp;
    expect(onlyEvent('return.placed', 'clickpost.returns-delta', json(body)).occurredAt).toBe(
      '2022-11-09T11:00:50.143Z',
    );
  });

  it('an empty window gives no events', () => {
    expect(eventsOf('clickpost.returns-delta', json({ meta: { success: true }, result: [] }))).toEqual([]);
    expect(eventsOf('clickpost.returns-delta', json({ meta: { success: true }, result: null }))).toEqual([]);
  });

  it.each([
    [
      'clickpost_returns-polling-delta_auth-error_1.json',
      'Clickpost API error response (meta.status 301): Authentication Failed: Invalid Token or API Key',
    ],
    [
      'clickpost_returns-polling-delta_error_1.json',
      'Clickpost API error response (meta.status 400): {"Time Difference":["Start Time is ahead of End time by more than 60 Minutes"]}',
    ],
  ])('published error response %s is an unsupported event', (path, detail) => {
    expect(rejectionOf('clickpost.returns-delta', fixture(`clickpost/${path}`))).toEqual({
      ok: false,
      reason: 'unsupported-event',
      detail,
      path: '$.meta.success',
    });
  });

  it('a record without a return reference is a schema violation at it', () => {
    const body = JSON.parse(response());
    body.result.push({ status: 'SUCCESS' });
    expect(rejectionOf('clickpost.returns-delta', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.result[1].return_reference_number',
    });
  });
});
