import { topicNames } from '@shipfold/contracts';
import { nearBoundary, nearMiss } from '@shipfold/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateKey, topicOf } from '../src/index';
import { eventsOf, fixture, json, run } from './support';

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

describe("a shipment scan's identity as the mapping reads it: near misses of each field", () => {
  const base = JSON.parse(fixture('clickpost/clickpost_webhook_selected-delivered_1.json'));
  const IST = 330 * 60_000;
  /** The tolerant reader's text: trimmed, and blank, "None" or "null" (any case) is absent. */
  const read = (text: string) => {
    const trimmed = text.trim();
    return ['', 'none', 'null'].includes(trimmed.toLowerCase()) ? null : trimmed;
  };
  const blanks = fc.constantFrom('', ' ', '  ', '\t', '\n', '\u00a0', '\ufeff');
  /** A text field sent as is, padded with blanks (the same once trimmed), or as a near miss of it. */
  const sent = (right: string) =>
    fc.oneof(
      fc.constant(right),
      fc.tuple(blanks, blanks).map(([before, after]) => before + right + after),
      nearMiss(right),
    );
  /** The courier partner 4 as senders write it, or a neighbour. */
  const cpIds = fc.constantFrom<[number | string, number]>(
    [4, 4],
    ['4', 4],
    [' 4 ', 4],
    ['4.0', 4],
    ['04', 4],
    [3, 3],
    ['5', 5],
  );
  /** A scan instant written as UTC, as IST, naive (read in IST) or epoch seconds, moved by ms to a second. */
  const timestamps = (rightMs: number) =>
    fc
      .tuple(nearBoundary(rightMs, [1, 999, 1000]), fc.nat({ max: 3 }))
      .map(([ms, shape]): [string | number, number] => {
        const utc = new Date(ms).toISOString();
        const wall = new Date(ms + IST).toISOString().slice(0, 23);
        const seconds = Math.floor(ms / 1000) * 1000;
        return [
          [utc, `${wall}+05:30`, wall.replace('T', ' '), seconds / 1000][shape] as string | number,
          shape === 3 ? seconds : ms,
        ];
      });

  const delivery = fc
    .tuple(
      fc.stringMatching(/^[A-Z0-9]{8,16}$/),
      fc.constantFrom('Delivered', 'Out For Delivery', 'In Transit'),
      fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2030, 0, 1) }),
    )
    .chain(([waybill, status, ms]) =>
      fc.tuple(
        fc.constant({ waybill, status, ms, cpId: 4 }),
        fc.record({ waybill: sent(waybill), status: sent(status), cpId: cpIds, timestamp: timestamps(ms) }),
      ),
    );

  it('the same event id exactly when courier, trimmed waybill, second and trimmed status are the same', () => {
    fc.assert(
      fc.property(delivery, ([right, other]) => {
        const body = (waybill: string, status: string, cpId: number | string, timestamp: string | number) =>
          json({ ...base, waybill, status, cp_id: cpId, timestamp });
        const [first] = eventsOf(
          'clickpost.webhook',
          body(right.waybill, right.status, right.cpId, new Date(right.ms).toISOString()),
        );
        const result = run(
          'clickpost.webhook',
          body(other.waybill, other.status, other.cpId[0], other.timestamp[0]),
        );
        const waybill = read(other.waybill);
        if (waybill === null) {
          expect(result).toMatchObject({ ok: false, reason: 'schema-violation' });
          return;
        }
        if (!result.ok) throw new Error(`expected an event, got ${JSON.stringify(result)}`);
        const [second] = result.events;
        const sameKey = other.cpId[1] === right.cpId && waybill === right.waybill;
        const sameScan =
          sameKey &&
          Math.floor(other.timestamp[1] / 1000) === Math.floor(right.ms / 1000) &&
          (read(other.status) ?? '') === right.status;
        expect(second && aggregateKey(second) === (first && aggregateKey(first))).toBe(sameKey);
        expect(second?.eventId === first?.eventId).toBe(sameScan);
      }),
      { numRuns: 500 },
    );
  });
});
