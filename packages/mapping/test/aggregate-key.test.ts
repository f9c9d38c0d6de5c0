import { topicNames } from '@shipfold/contracts';
import { describe, expect, it } from 'vitest';
import { aggregateKey, topicOf } from '../src/index';
import { eventsOf, fixture, json } from './support';

const names = topicNames('t');
const keysOf = (...args: Parameters<typeof eventsOf>) =>
  eventsOf(...args).map((event) => aggregateKey(event));

describe('aggregate keys and topics', () => {
  it('a shipment is keyed by courier partner and waybill, on the shipment topic', () => {
    const [event] = eventsOf(
      'clickpost.webhook',
      fixture('clickpost/clickpost_webhook_all-events-ofd_2.json'),
    );
    expect(event && aggregateKey(event)).toBe('14:P0109276342');
    expect(event && topicOf(event, names)).toBe('t.shipment-events.v1');
  });

  it('a return is keyed by its reference, else forward AWB, else forward reference, else delivery id', () => {
    expect(keysOf('clickpost.returns-delta', fixture('clickpost/seed_returns-delta_response.json'))).toEqual([
      '8036651667991648',
    ]);
    expect(keysOf('clickpost.webhook', fixture('clickpost/seed_return-order-placed.json'))).toEqual([
      '5522110373319',
    ]);
    const noAwb = JSON.parse(fixture('clickpost/seed_return-order-placed.json'));
    noAwb.additional.forward_awb = '';
    expect(keysOf('clickpost.webhook', json(noAwb))).toEqual(['1405277']);
    expect(keysOf('redo.webhook', fixture('redo/redo_webhook_return-event-created_1.json'))).toEqual([
      '64df65d4c5a4ca3eff4b4e43',
    ]);
    expect(
      keysOf('increff.return-callback', fixture('increff/seed_return-processing-callback.json')),
    ).toEqual(['H893RUOT123']);
    const [placed] = eventsOf('clickpost.webhook', fixture('clickpost/seed_return-order-placed.json'));
    if (placed?.type !== 'return.placed') throw new Error('expected return.placed');
    const anonymous = { ...placed, forwardAwb: null, forwardReference: null };
    expect(aggregateKey(anonymous)).toBe(placed.deliveryId);
    expect(topicOf(placed, names)).toBe('t.return-events.v1');
  });
});
