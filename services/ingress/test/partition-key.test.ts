import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identifier, MAX_KEY_PART_LENGTH, partitionKey } from '../src/partition-key';
import { fixtureText } from './fixtures';

const FALLBACK = '0190f5d2-0000-7000-8000-000000000000';

describe('partitionKey for Clickpost', () => {
  it('keys a tracking webhook by courier and waybill', () => {
    const payload = JSON.parse(fixtureText('clickpost/clickpost_webhook_all-events-ofd_2.json'));
    expect(partitionKey('clickpost', payload, FALLBACK)).toBe('clickpost:14:P0109276342');
  });

  it('unwraps the test webhook', () => {
    const payload = JSON.parse(fixtureText('clickpost/clickpost_test-webhook_failed-delivery_1.json'));
    expect(partitionKey('clickpost', payload, FALLBACK)).toBe('clickpost:1:XYZABC');
  });

  it('keys a return placed (blank waybill) by return reference, else by forward AWB', () => {
    const placed = {
      waybill: '',
      cp_id: -1,
      additional: { forward_awb: '5522110373319', return_reference_number: ' 8036651667991648 ' },
    };
    expect(partitionKey('clickpost', placed, FALLBACK)).toBe('return:8036651667991648');
    const { return_reference_number: _, ...withoutReference } = placed.additional;
    expect(partitionKey('clickpost', { ...placed, additional: withoutReference }, FALLBACK)).toBe(
      'forward-awb:5522110373319',
    );
  });

  it.each([
    ['clickpost/seed_return-order-placed.json', 'forward-awb:5522110373319'],
    ['clickpost/constructed_webhook_return-request-approved.json', 'forward-awb:5522110373319'],
    ['clickpost/constructed_webhook_rvp-out-for-pickup.json', 'clickpost:25:2667237821710'],
    ['clickpost/constructed_webhook_quirks.json', 'clickpost:10:3515341'],
  ])('keys %s as %s', (fixture, key) => {
    expect(partitionKey('clickpost', JSON.parse(fixtureText(fixture)), FALLBACK)).toBe(key);
  });

  it('accepts numbers for identifiers and strings for numbers', () => {
    expect(partitionKey('clickpost', { cp_id: '4', waybill: 12527345 }, FALLBACK)).toBe(
      'clickpost:4:12527345',
    );
  });

  it('keeps a waybill without a courier id', () => {
    expect(partitionKey('clickpost', { waybill: 'AWB1' }, FALLBACK)).toBe('clickpost:?:AWB1');
  });
});

describe('partitionKey for Redo and Increff', () => {
  it('keys a Redo event by return id', () => {
    const payload = JSON.parse(fixtureText('redo/redo_webhook_return-event-created_1.json'));
    expect(partitionKey('redo', payload, FALLBACK)).toBe('redo-return:64df65d4c5a4ca3eff4b4e43');
  });

  it('keys an Increff callback by returnOrderCode, in the namespace Clickpost return references share', () => {
    const payload = JSON.parse(fixtureText('increff/increff_returns-processing-update-api-outbound_1.json'));
    expect(partitionKey('increff', payload, FALLBACK)).toBe('return:H893RUOT123');
  });
});

describe('partitionKey leniency', () => {
  it.each([
    ['clickpost', null],
    ['clickpost', []],
    ['clickpost', 'text'],
    ['clickpost', { waybill: '   ', cp_id: 1 }],
    ['clickpost', { waybill: { nested: true }, cp_id: 1 }],
    ['clickpost', { waybill: Number.NaN }],
    ['clickpost', { additional: 'not an object' }],
    ['redo', { return: null }],
    ['redo', { return: { id: true } }],
    ['increff', { returnOrderCode: 'x'.repeat(MAX_KEY_PART_LENGTH + 1) }],
    ['increff', 42],
  ] as const)('falls back to the delivery id for %s payload %j', (source, payload) => {
    expect(partitionKey(source, payload, FALLBACK)).toBe(FALLBACK);
  });

  it('reads only own properties, never inherited ones', () => {
    const hostile = JSON.parse('{"__proto__": {"waybill": "W", "cp_id": 1}}');
    expect(partitionKey('clickpost', hostile, FALLBACK)).toBe(FALLBACK);
    const inherited = Object.create({ returnOrderCode: 'R1' });
    expect(partitionKey('increff', inherited, FALLBACK)).toBe(FALLBACK);
  });

  it('never throws and always returns a non-empty key, whatever the JSON', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('clickpost', 'redo', 'increff' as const),
        fc.jsonValue(),
        (source, payload) => {
          const key = partitionKey(source, payload, FALLBACK);
          expect(key.length).toBeGreaterThan(0);
          expect(key.length).toBeLessThanOrEqual(2 * MAX_KEY_PART_LENGTH + 20);
        },
      ),
    );
  });
});

describe('identifier', () => {
  it('trims strings and prints finite numbers', () => {
    expect(identifier(' a ')).toBe('a');
    expect(identifier(-1)).toBe('-1');
    expect(identifier(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(identifier(true)).toBeUndefined();
  });
});
