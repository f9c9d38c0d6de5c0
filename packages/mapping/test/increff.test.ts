import { describe, expect, it } from 'vitest';
import { fixture, json, onlyEvent, RECEIVED_AT, rejectionOf } from './support';

const callback = () => fixture('increff/seed_return-processing-callback.json');
const processed = (body: string) => onlyEvent('return.processed', 'increff.return-callback', body);

describe('Increff return-order callbacks → return.processed', () => {
  it('processing callback (seed): every field; child SKU postings are not items', () => {
    expect(processed(callback())).toEqual({
      type: 'return.processed',
      eventId: 'f2ed3b54-db9c-50b9-9b0f-3dd267e26997',
      occurredAt: '2020-10-16T20:22:28.000Z',
      source: 'increff.return-callback',
      deliveryId: '0190f0e2-7c1a-7000-8000-000000000001',
      receivedAt: RECEIVED_AT,
      returnReference: 'H893RUOT123',
      forwardReference: 'Dx784si',
      locationCode: 'ABCDEF',
      items: [
        {
          sku: '100007542',
          quantity: 1,
          reason: 'size misfit',
          refundMode: null,
          qcStatus: 'FAIL',
          qcReason: 'DAMAGED',
          status: 'CREATED',
        },
      ],
    });
  });

  it('the seed exactly as published (braces lost) is malformed-json', () => {
    expect(
      rejectionOf(
        'increff.return-callback',
        fixture('increff/seed_return-processing-callback_as-published.txt'),
      ),
    ).toMatchObject({ reason: 'malformed-json', path: null });
  });

  it('Returns Processing Update API: units of the same SKU and outcome are one item; no time → receipt time', () => {
    const event = processed(fixture('increff/increff_returns-processing-update-api-outbound_1.json'));
    expect(event).toMatchObject({
      occurredAt: RECEIVED_AT,
      returnReference: 'H893RUOT123',
      forwardReference: 'forwardOrder1',
      locationCode: 'Wid234',
    });
    expect(event.items).toEqual([
      {
        sku: '100007542',
        quantity: 2,
        reason: null,
        refundMode: null,
        qcStatus: 'FAIL',
        qcReason: 'DAMAGED',
        status: null,
      },
      {
        sku: '100007545',
        quantity: 1,
        reason: null,
        refundMode: null,
        qcStatus: 'PASS',
        qcReason: null,
        status: null,
      },
    ]);
  });

  it('messageId is the identity: a redelivery with other formatting is the same event', () => {
    const first = processed(callback());
    const again = processed(JSON.stringify(JSON.parse(callback()), null, 4));
    expect(again.eventId).toBe(first.eventId);
    const body = JSON.parse(callback());
    body.messageId = '12346';
    expect(processed(json(body)).eventId).not.toBe(first.eventId);
  });

  it('without messageId the id is a digest of the outcome: key order does not matter, a new outcome does', () => {
    const body = JSON.parse(fixture('increff/increff_returns-processing-update-api-outbound_1.json'));
    const first = processed(json(body));
    const reordered = { orderItems: [...body.orderItems].reverse(), ...body };
    reordered.orderItems = [...body.orderItems].reverse();
    expect(processed(json(reordered)).eventId).toBe(first.eventId);
    body.orderItems[2].qcStatus = 'FAIL';
    expect(processed(json(body)).eventId).not.toBe(first.eventId);
  });

  it('RETURN_ORDER_CREATE (no QC outcome) is an unsupported event', () => {
    const rejection = rejectionOf(
      'increff.return-callback',
      fixture('increff/increff_push-return-order_create_1.json'),
    );
    expect(rejection).toMatchObject({ reason: 'unsupported-event', path: '$.orderItems' });
    expect(rejection.detail).toContain('RETURN_ORDER_CREATE');
  });

  it('a naive eventTime is unreadable (Increff documents zoned date-times)', () => {
    const body = JSON.parse(callback());
    body.eventTime = '2020-10-16T20:22:28';
    expect(rejectionOf('increff.return-callback', json(body))).toMatchObject({
      reason: 'unreadable-timestamp',
      path: '$.eventTime',
    });
  });

  it('a callback without returnOrderCode is a schema violation', () => {
    const body = JSON.parse(callback());
    delete body.returnOrderCode;
    expect(rejectionOf('increff.return-callback', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.returnOrderCode',
    });
  });
});
