import { describe, expect, it } from 'vitest';
import { fixture, json, onlyEvent, RECEIVED_AT, rejectionOf } from './support';

const created = () => fixture('redo/redo_webhook_return-event-created_1.json');

describe('Redo return events', () => {
  it('created → return.placed: every field', () => {
    expect(onlyEvent('return.placed', 'redo.webhook', created())).toEqual({
      type: 'return.placed',
      eventId: '817838b6-d29d-55ce-a809-e870204357cd',
      occurredAt: '2023-08-18T12:00:00.000Z',
      source: 'redo.webhook',
      deliveryId: '0190f0e2-7c1a-7000-8000-000000000001',
      receivedAt: RECEIVED_AT,
      platform: 'redo',
      returnReference: '64df65d4c5a4ca3eff4b4e43',
      returnAwb: '9400111202555842761523',
      cpId: null,
      forwardAwb: null,
      forwardReference: '#1234',
      forwardOrderId: '1073459971',
      status: 'open',
      statusCode: null,
      refundMode: null,
      selfShipped: null,
      items: [
        {
          sku: 'TSHIRT-BLU-M',
          quantity: 1,
          reason: 'Too big',
          refundMode: 'original_payment',
          qcStatus: null,
          qcReason: null,
          status: 'open',
        },
      ],
    });
  });

  it('backfill (the seed, with placeholders) → return.updated', () => {
    const event = onlyEvent(
      'return.updated',
      'redo.webhook',
      fixture('redo/seed_return-event-backfill.json'),
    );
    expect(event).toMatchObject({
      occurredAt: '2023-11-07T05:31:56.000Z',
      platform: 'redo',
      returnReference: '<string>',
      returnAwb: '<string>',
      forwardReference: '<string>',
      forwardOrderId: '<string>',
      status: 'open',
      items: [
        { sku: '<string>', quantity: 123, reason: '<string>', refundMode: '<string>', status: '<string>' },
      ],
    });
  });

  it('the same return state is one event whatever the event type; a new updatedAt is a new event', () => {
    const body = JSON.parse(created());
    const placed = onlyEvent('return.placed', 'redo.webhook', json(body));
    body.type = 'backfill';
    expect(onlyEvent('return.updated', 'redo.webhook', json(body)).eventId).toBe(placed.eventId);
    body.type = 'updated';
    body.return.updatedAt = '2023-08-19T08:00:00Z';
    body.return.status = 'complete';
    const updated = onlyEvent('return.updated', 'redo.webhook', json(body));
    expect(updated.eventId).not.toBe(placed.eventId);
    expect(updated).toMatchObject({ occurredAt: '2023-08-19T08:00:00.000Z', status: 'complete' });
  });

  it('an item without its own SKU takes the variant SKU of the order item it returns', () => {
    const body = JSON.parse(created());
    delete body.return.items[0].sku;
    expect(onlyEvent('return.placed', 'redo.webhook', json(body)).items[0]?.sku).toBe('TSHIRT-BLU-M');
    delete body.order.items[0].variant.sku;
    expect(rejectionOf('redo.webhook', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.return.items[0].sku',
    });
  });

  it('an unknown event type is an unsupported event', () => {
    const body = JSON.parse(created());
    body.type = 'deleted';
    expect(rejectionOf('redo.webhook', json(body))).toMatchObject({
      reason: 'unsupported-event',
      path: '$.type',
    });
  });

  it('a timestamp without a zone is unreadable (Redo documents RFC 3339 date-times)', () => {
    const body = JSON.parse(created());
    body.return.updatedAt = '2023-08-18 12:00:00';
    const rejection = rejectionOf('redo.webhook', json(body));
    expect(rejection).toMatchObject({ reason: 'unreadable-timestamp', path: '$.return.updatedAt' });
    expect(rejection.detail).toMatch(/no zone/);
  });

  it('without updatedAt the event time `at` stands in', () => {
    const body = JSON.parse(created());
    delete body.return.updatedAt;
    body.at = '2023-08-18T12:30:00+02:00';
    expect(onlyEvent('return.placed', 'redo.webhook', json(body)).occurredAt).toBe(
      '2023-08-18T10:30:00.000Z',
    );
  });

  it('a return without an id is a schema violation', () => {
    const body = JSON.parse(created());
    delete body.return.id;
    expect(rejectionOf('redo.webhook', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.return.id',
    });
  });
});
