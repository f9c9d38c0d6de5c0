import { SOURCES } from '@shipfold/contracts';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_DEPTH, normalize } from '../src/index';
import { envelope, eventsOf, fixture, json, onlyEvent, rejectionOf, ZONE } from './support';

const ofd = () => JSON.parse(fixture('clickpost/clickpost_webhook_all-events-ofd_2.json'));
const rop = () => JSON.parse(fixture('clickpost/seed_return-order-placed.json'));

describe('missing', () => {
  it.each(SOURCES)('an empty body from %s is malformed-json', (source) => {
    expect(rejectionOf(source, '')).toMatchObject({ reason: 'malformed-json', path: null });
  });

  it.each([
    ['clickpost.webhook', '$.clickpost_status_code'],
    ['clickpost.returns-delta', '$.result'],
    ['clickpost.track-order', '$.result'],
    ['redo.webhook', '$.type'],
    ['increff.return-callback', '$.returnOrderCode'],
  ] as const)('an empty object from %s is a schema violation at %s', (source, path) => {
    expect(rejectionOf(source, '{}')).toMatchObject({ reason: 'schema-violation', path });
  });

  it('a webhook without a timestamp is a schema violation, not a guessed time', () => {
    const body = ofd();
    body.timestamp = 'None';
    expect(rejectionOf('clickpost.webhook', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.timestamp',
    });
  });
});

describe('malformed', () => {
  it.each(['{', 'not json', '{"waybill": "1"} trailing', "{'single': 'quotes'}", '{"a":1,}', '\u0000'])(
    '%j is malformed-json',
    (body) => {
      expect(rejectionOf('clickpost.webhook', body)).toMatchObject({ reason: 'malformed-json', path: null });
    },
  );

  it.each(['[]', '"a string"', '42', 'null', 'true'])(
    '%s is valid JSON but not an object: schema violation at $',
    (body) => {
      expect(rejectionOf('clickpost.webhook', body)).toMatchObject({ reason: 'schema-violation', path: '$' });
    },
  );

  it('a leading byte order mark is allowed', () => {
    expect(
      eventsOf('clickpost.webhook', `\uFEFF${fixture('clickpost/clickpost_webhook_all-events-ofd_2.json')}`),
    ).toHaveLength(1);
  });
});

describe('oversized', () => {
  it('a body over the limit is rejected before parsing', () => {
    const body = json({ ...ofd(), padding: 'x'.repeat(MAX_BODY_BYTES) });
    const rejection = rejectionOf('clickpost.webhook', body);
    expect(rejection).toMatchObject({ reason: 'schema-violation', path: '$' });
    expect(rejection.detail).toMatch(/exceeds the limit/);
  });

  it('a huge free-text field is rejected at its path', () => {
    expect(rejectionOf('clickpost.webhook', json({ ...ofd(), remark: 'r'.repeat(20_000) }))).toMatchObject({
      reason: 'schema-violation',
      path: '$.remark',
    });
  });

  it('an identifier longer than 256 characters is rejected at its path', () => {
    expect(rejectionOf('clickpost.webhook', json({ ...ofd(), waybill: 'W'.repeat(257) }))).toMatchObject({
      reason: 'schema-violation',
      path: '$.waybill',
    });
  });

  it('a huge unknown field is kept out of the events and does not matter', () => {
    const event = onlyEvent(
      'shipment.status-observed',
      'clickpost.webhook',
      json({ ...ofd(), blob: 'b'.repeat(500_000) }),
    );
    expect(JSON.stringify(event).length).toBeLessThan(5_000);
  });
});

describe('mistyped', () => {
  it.each([
    ['clickpost_status_code', 'abc', '$.clickpost_status_code'],
    ['clickpost_status_code', 6.5, '$.clickpost_status_code'],
    ['clickpost_status_code', { code: 6 }, '$.clickpost_status_code'],
    ['cp_id', '14a', '$.cp_id'],
    ['waybill', { awb: 'x' }, '$.waybill'],
    ['additional', 'none of it', '$.additional'],
    ['timestamp', { when: 'now' }, '$.timestamp'],
    ['timestamp', true, '$.timestamp'],
  ])('%s = %j is a schema violation at %s', (field, value, path) => {
    expect(rejectionOf('clickpost.webhook', json({ ...ofd(), [field]: value }))).toMatchObject({
      reason: 'schema-violation',
      path,
    });
  });

  it('a waybill sent as a number too large to read exactly is refused, not silently rounded', () => {
    const body = fixture('clickpost/clickpost_webhook_all-events-ofd_2.json').replace(
      '"P0109276342"',
      '12345678901234567890',
    );
    expect(rejectionOf('clickpost.webhook', body)).toMatchObject({
      reason: 'schema-violation',
      path: '$.waybill',
    });
    const exact = fixture('clickpost/clickpost_webhook_all-events-ofd_2.json').replace(
      '"P0109276342"',
      '12527345',
    );
    expect(onlyEvent('shipment.status-observed', 'clickpost.webhook', exact).waybill).toBe('12527345');
  });

  it('a number beyond double range (JSON 1e400 parses to Infinity) is a schema violation', () => {
    const body = fixture('clickpost/clickpost_webhook_all-events-ofd_2.json').replace(
      '"clickpost_status_code": 6',
      '"clickpost_status_code": 1e400',
    );
    expect(body).toContain('1e400');
    expect(rejectionOf('clickpost.webhook', body)).toMatchObject({
      reason: 'schema-violation',
      path: '$.clickpost_status_code',
    });
  });

  it('a list where an object belongs, deep inside, is named by its path', () => {
    const body = ofd();
    body.additional.latest_status = [1, 2];
    expect(rejectionOf('clickpost.webhook', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.additional.latest_status',
    });
  });

  it.each([
    [{ quantity: -1 }, '$.additional.item_info[0].quantity'],
    [{ quantity: 'two' }, '$.additional.item_info[0].quantity'],
    [{ sku: ['a'] }, '$.additional.item_info[0].sku'],
  ])('item %j is a schema violation at %s', (patch, path) => {
    const body = rop();
    Object.assign(body.additional.item_info[0], patch);
    expect(rejectionOf('clickpost.webhook', json(body))).toMatchObject({ reason: 'schema-violation', path });
  });

  it('is_rvp that is neither true nor false is a violation, not a guess', () => {
    const body = ofd();
    body.additional.is_rvp = 'maybe';
    expect(rejectionOf('clickpost.webhook', json(body))).toMatchObject({
      reason: 'schema-violation',
      path: '$.additional.is_rvp',
    });
  });
});

describe('hostile', () => {
  it('__proto__ and constructor keys are plain data: they neither pollute nor inject', () => {
    const body = `{"__proto__": {"waybill": "INJECTED"}, "constructor": {"prototype": {"x": 1}}, ${fixture(
      'clickpost/clickpost_webhook_all-events-ofd_2.json',
    )
      .trim()
      .slice(1)}`;
    const event = onlyEvent('shipment.status-observed', 'clickpost.webhook', body);
    expect(event.waybill).toBe('P0109276342');
    expect(({} as Record<string, unknown>).waybill).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('a __proto__ inside additional cannot make a shipment an RVP', () => {
    const body = fixture('clickpost/clickpost_webhook_all-events-ofd_2.json').replace(
      '"additional": {',
      '"additional": { "__proto__": { "is_rvp": true, "forward_awb": "EVIL" },',
    );
    const event = onlyEvent('shipment.status-observed', 'clickpost.webhook', body);
    expect(event.isRvp).toBe(false);
    expect(event.forwardAwb).toBeNull();
  });

  it('a track-order result keyed "__proto__" is just a waybill named so', () => {
    const body = `{"meta": {"success": true}, "result": {"__proto__": [{"clickpost_status_code": 5, "timestamp": "2020-01-01T00:00:00Z"}]}}`;
    const [event] = eventsOf('clickpost.track-order', body, { 'x-clickpost-cp-id': '3' });
    expect(event).toMatchObject({ waybill: '__proto__', cpId: 3, statusCode: 5 });
  });

  it(`nesting deeper than ${MAX_DEPTH} levels is rejected (iteratively: 100 000 levels do not overflow)`, () => {
    for (const depth of [MAX_DEPTH + 1, 100_000]) {
      const body = `{"waybill": "1", "x": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
      const rejection = rejectionOf('clickpost.webhook', body);
      expect(rejection.reason).toBe('schema-violation');
      expect(rejection.detail).toMatch(/nested deeper/);
      expect(rejection.path?.startsWith('$.x[0][0]')).toBe(true);
    }
    const fine = { ...ofd(), x: JSON.parse(`${'['.repeat(MAX_DEPTH - 2)}${']'.repeat(MAX_DEPTH - 2)}`) };
    expect(eventsOf('clickpost.webhook', json(fine))).toHaveLength(1);
  });

  it('huge keys are cut short in a rejection path', () => {
    const key = 'k'.repeat(10_000);
    const body = `{"meta": {"success": true}, "result": {"${key}": [{"timestamp": "2020-01-01T00:00:00Z"}]}}`;
    const rejection = rejectionOf('clickpost.track-order', body, { 'x-clickpost-cp-id': '3' });
    expect(rejection.reason).toBe('schema-violation');
    expect(rejection.path?.length).toBeLessThan(200);
  });

  it('a huge unreadable timestamp is quoted briefly in the detail', () => {
    const rejection = rejectionOf(
      'clickpost.webhook',
      json({ ...ofd(), timestamp: `2020${'9'.repeat(60)}` }),
    );
    expect(rejection.reason).toBe('unreadable-timestamp');
    expect(rejection.detail.length).toBeLessThan(200);
  });
});

describe('the envelope is checked like any input', () => {
  const good = () =>
    envelope('clickpost.webhook', fixture('clickpost/clickpost_webhook_all-events-ofd_2.json'));

  it('an unknown source is unknown-source', () => {
    const result = normalize({ ...good(), source: 'shopify.webhook' as never }, ZONE);
    expect(result).toMatchObject({ ok: false, reason: 'unknown-source', path: null });
  });

  it.each([
    ['body', 42, 'schema-violation'],
    ['deliveryId', null, 'schema-violation'],
    ['receivedAt', 'yesterday', 'unreadable-timestamp'],
    ['receivedAt', '2024-03-01 10:00:00', 'unreadable-timestamp'],
  ])('%s = %j is %s', (field, value, reason) => {
    expect(normalize({ ...good(), [field]: value } as never, ZONE)).toMatchObject({ ok: false, reason });
  });

  it.each([null, undefined, 'envelope', [], 7])('an envelope that is %j is rejected, not thrown', (value) => {
    expect(normalize(value as never, ZONE)).toMatchObject({ ok: false, reason: 'schema-violation' });
  });

  it('receivedAt with an offset is normalized to UTC with Z on every event', () => {
    const [event] = eventsOf('clickpost.webhook', good().body);
    expect(event?.receivedAt).toBe('2024-03-01T10:00:00.000Z');
    const result = normalize({ ...good(), receivedAt: '2024-03-01T15:30:00+05:30' }, ZONE);
    expect(result.ok && result.events[0]?.receivedAt).toBe('2024-03-01T10:00:00.000Z');
  });

  it('an invalid configured zone makes naive timestamps unreadable and says why', () => {
    const body = fixture('clickpost/seed_webhook_ndr-failed-delivery.json');
    const result = normalize(envelope('clickpost.webhook', body), { clickpostZone: 'Mars/Olympus' });
    expect(result).toMatchObject({ ok: false, reason: 'unreadable-timestamp', path: '$.timestamp' });
    expect(!result.ok && result.detail).toContain('Mars/Olympus');
  });
});
