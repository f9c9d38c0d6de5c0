import { createHash } from 'node:crypto';
import { nearBoundary, nearMiss, textOfUtf8Bytes } from '@shipfold/test-support';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { type Fixture, isValidJson, webhookFixtures } from './fixtures';
import { AUTH, ROUTES, SECRETS, testApp } from './test-app';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const SOURCE = {
  clickpost: 'clickpost.webhook',
  redo: 'redo.webhook',
  increff: 'increff.return-callback',
} as const;

const apps: Array<Awaited<ReturnType<typeof testApp>>> = [];
async function app(options?: Parameters<typeof testApp>[0]) {
  const built = await testApp(options);
  apps.push(built);
  return built;
}
afterEach(async () => {
  await Promise.all(apps.splice(0).map(({ service }) => service.stop()));
});

const post = (
  target: Awaited<ReturnType<typeof testApp>>,
  route: keyof typeof ROUTES,
  payload: string | Buffer,
  headers: Record<string, string> = {},
) =>
  target.app.inject({
    method: 'POST',
    url: ROUTES[route],
    headers: { 'content-type': 'application/json', ...AUTH[route], ...headers },
    payload,
  });

const fixtures = webhookFixtures();
const valid = fixtures.filter((fixture) => isValidJson(fixture.body));
const malformed = fixtures.filter((fixture) => !isValidJson(fixture.body));

describe('accepted deliveries', () => {
  it.each(valid.map((fixture): [string, Fixture] => [fixture.name, fixture]))(
    'records %s verbatim in a raw envelope',
    async (_name, fixture) => {
      const target = await app();
      const response = await post(target, fixture.route, fixture.body, { 'user-agent': 'vendor/1.0' });
      expect(response.statusCode).toBe(200);
      const [envelope] = target.raw;
      expect(target.raw).toHaveLength(1);
      expect(envelope?.body).toBe(fixture.body.toString('utf8'));
      expect(Buffer.from(envelope?.body ?? '', 'utf8').equals(fixture.body)).toBe(true);
      expect(envelope?.contentSha256).toBe(sha256(fixture.body));
      expect(envelope?.deliveryId).toMatch(UUID_V7);
      expect(envelope?.source).toBe(SOURCE[fixture.route]);
      expect(envelope?.contentType).toBe('application/json');
      expect(envelope?.headers).toEqual({
        'content-type': 'application/json',
        'content-length': String(fixture.body.length),
        'user-agent': 'vendor/1.0',
      });
      expect(Date.parse(envelope?.receivedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
      expect(envelope?.partitionKey.length).toBeGreaterThan(0);
      if (fixture.route === 'increff') {
        expect(response.body).toBe('');
      } else {
        expect(response.json()).toEqual({ deliveryId: envelope?.deliveryId });
      }
    },
  );

  it('keys deliveries by the aggregate they are about', async () => {
    const target = await app();
    const byName = (name: string) => valid.find((fixture) => fixture.name.endsWith(name)) as Fixture;
    await post(target, 'clickpost', byName('clickpost_webhook_selected-delivered_1.json').body);
    await post(target, 'redo', byName('redo_webhook_return-event-created_1.json').body);
    await post(target, 'increff', byName('increff_returns-processing-update-api-outbound_1.json').body);
    expect(target.raw.map((envelope) => envelope.partitionKey)).toEqual([
      'clickpost:4:12527345',
      'redo-return:64df65d4c5a4ca3eff4b4e43',
      'return:H893RUOT123',
    ]);
  });

  it('accepts any JSON value, unknown fields and JSON media types with parameters', async () => {
    const target = await app();
    const bodies = ['[]', 'null', '"text"', '42', '{"vendor_added_field":{"deep":[1,2,3]}}'];
    for (const body of bodies) expect((await post(target, 'clickpost', body)).statusCode).toBe(200);
    for (const contentType of ['application/json; charset=utf-8', 'application/vnd.clickpost+json']) {
      expect((await post(target, 'redo', '{}', { 'content-type': contentType })).statusCode).toBe(200);
    }
    expect(target.raw.map((envelope) => envelope.body)).toEqual([...bodies, '{}', '{}']);
    // Nothing to key by: the delivery id is the key.
    expect(target.raw[0]?.partitionKey).toBe(target.raw[0]?.deliveryId);
  });

  it('keeps a byte-order mark in the recorded body', async () => {
    const target = await app();
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"returnOrderCode":"R-1"}')]);
    expect((await post(target, 'increff', body)).statusCode).toBe(200);
    expect(Buffer.from(target.raw[0]?.body ?? '', 'utf8').equals(body)).toBe(true);
    expect(target.raw[0]?.partitionKey).toBe('return:R-1');
  });

  it('treats __proto__ and constructor members as data', async () => {
    const target = await app();
    const body =
      '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"waybill":"W1","cp_id":3}';
    expect((await post(target, 'clickpost', body)).statusCode).toBe(200);
    expect(target.raw[0]?.body).toBe(body);
    expect(target.raw[0]?.partitionKey).toBe('clickpost:3:W1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('authentication', () => {
  it.each([
    ['clickpost', {}],
    ['clickpost', { webhook_key: 'wrong-key-but-long-enough' }],
    ['clickpost', { webhook_key: '' }],
    ['clickpost', { webhook_key: `${SECRETS.clickpostWebhookKeys[0]}x` }],
    ['clickpost', { webhook_key: 'x'.repeat(1_000_000) }],
    ['clickpost', { authorization: `Bearer ${SECRETS.clickpostWebhookKeys[0]}` }],
    ['redo', {}],
    ['redo', { authorization: SECRETS.redoBearerTokens[0] as string }],
    ['redo', { authorization: `Basic ${SECRETS.redoBearerTokens[0]}` }],
    ['redo', { authorization: 'Bearer ' }],
    ['redo', { authorization: `Bearer ${SECRETS.redoBearerTokens[0]} extra` }],
    ['increff', {}],
    ['increff', { 'x-increff-token': 'nope' }],
    ['increff', { webhook_key: SECRETS.increffSecrets[0] as string }],
  ] as const)('refuses %s with %j: 401, nothing written', async (route, credentials) => {
    const target = await app();
    const response = await target.app.inject({
      method: 'POST',
      url: ROUTES[route],
      headers: { 'content-type': 'application/json', ...credentials },
      payload: '{"waybill":"W1"}',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'unauthorized' });
    expect(target.raw).toHaveLength(0);
    expect(target.dlq).toHaveLength(0);
  });

  it('refuses before reading the body, even a malformed or oversized one', async () => {
    const target = await app({ maxBodyBytes: 2048 });
    const noKey = { webhook_key: 'wrong-key-but-long-enough' };
    expect((await post(target, 'clickpost', '{', noKey)).statusCode).toBe(401);
    expect((await post(target, 'clickpost', 'x'.repeat(10_000), noKey)).statusCode).toBe(401);
    expect(target.dlq).toHaveLength(0);
  });

  it('accepts both secrets of a rotation and a bearer scheme in any case', async () => {
    const target = await app();
    for (const key of SECRETS.clickpostWebhookKeys) {
      expect((await post(target, 'clickpost', '{}', { webhook_key: key })).statusCode).toBe(200);
    }
    for (const authorization of [
      `Bearer ${SECRETS.redoBearerTokens[1]}`,
      `bearer ${SECRETS.redoBearerTokens[0]}`,
      `BEARER\t${SECRETS.redoBearerTokens[0]} `,
    ]) {
      expect((await post(target, 'redo', '{}', { authorization })).statusCode).toBe(200);
    }
  });

  it('counts refusals in the metrics', async () => {
    const target = await app();
    await post(target, 'redo', '{}', { authorization: 'Bearer wrong' });
    await post(target, 'redo', '{}', { authorization: 'Bearer wrong' });
    await post(target, 'redo', '{}');
    const metrics = (await target.app.inject('/metrics')).body;
    expect(metrics).toMatch(
      /ingress_requests_total\{[^}]*source="redo.webhook"[^}]*outcome="unauthorized"[^}]*\} 2/,
    );
    expect(metrics).toMatch(
      /ingress_requests_total\{[^}]*source="redo.webhook"[^}]*outcome="accepted"[^}]*\} 1/,
    );
  });

  it("each route accepts exactly its own secrets: near misses of them and the other routes' are refused", async () => {
    const target = await app();
    const routes = {
      clickpost: { secrets: SECRETS.clickpostWebhookKeys, headers: (v: string) => ({ webhook_key: v }) },
      redo: { secrets: SECRETS.redoBearerTokens, headers: (v: string) => ({ authorization: `Bearer ${v}` }) },
      increff: { secrets: SECRETS.increffSecrets, headers: (v: string) => ({ 'x-increff-token': v }) },
    };
    const everySecret = Object.values(routes).flatMap((route) => route.secrets);
    // Only what a header carries unchanged: HTTP drops blanks around a value and carries bytes, not
    // Unicode (inject does neither), so those near misses are left to the secret matcher's property.
    const onTheWire = /^[!-~](?:[ -~]*[!-~])?$/;
    const attempt = fc.constantFrom(...(Object.keys(routes) as (keyof typeof routes)[])).chain((route) =>
      fc.tuple(
        fc.constant(route),
        fc
          .oneof(fc.constantFrom(...everySecret), ...routes[route].secrets.map((secret) => nearMiss(secret)))
          .filter((candidate) => onTheWire.test(candidate)),
      ),
    );
    await fc.assert(
      fc.asyncProperty(attempt, async ([route, candidate]) => {
        const written = target.raw.length;
        const response = await post(target, route, '{}', routes[route].headers(candidate));
        const accepted = routes[route].secrets.includes(candidate);
        expect(response.statusCode).toBe(accepted ? 200 : 401);
        expect(target.raw.length - written).toBe(accepted ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });

  it('never keeps a secret in the envelope nor writes one to the logs', async () => {
    const target = await app();
    const allSecrets = [
      ...SECRETS.clickpostWebhookKeys,
      ...SECRETS.redoBearerTokens,
      ...SECRETS.increffSecrets,
    ];
    await post(target, 'clickpost', '{"a":1}');
    await post(target, 'redo', '{"a":1}');
    await post(target, 'increff', '{"a":1}');
    await post(target, 'increff', '{', { 'x-increff-token': 'wrong-but-secret-looking' });
    target.service.log.info({ headers: { 'x-increff-token': 'wrong-but-secret-looking' } }, 'probe');
    const recorded = JSON.stringify(target.raw);
    const logged = target.logLines.join('\n');
    expect(target.logLines.length).toBeGreaterThan(0);
    for (const secret of [...allSecrets, 'wrong-but-secret-looking']) {
      expect(recorded).not.toContain(secret);
      expect(logged).not.toContain(secret);
    }
  });
});

describe('bad input', () => {
  it.each(malformed.map((fixture): [string, Fixture] => [fixture.name, fixture]))(
    'answers malformed %s with 400 and keeps its bytes on the DLQ',
    async (_name, fixture) => {
      const target = await app();
      const response = await post(target, fixture.route, fixture.body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        error: 'malformed-json',
        deliveryId: expect.stringMatching(UUID_V7),
      });
      expect(target.raw).toHaveLength(0);
      const [record] = target.dlq;
      expect(record).toMatchObject({
        deliveryId: response.json().deliveryId,
        stage: 'ingress',
        reason: 'malformed-json',
        path: null,
      });
      expect(record?.envelope.body).toBe(fixture.body.toString('utf8'));
      expect(record?.envelope.contentSha256).toBe(sha256(fixture.body));
      expect(record?.envelope.partitionKey).toBe(record?.deliveryId);
      expect(record?.detail).toMatch(/not JSON/);
    },
  );

  it.each([
    ['truncated', '{"waybill": "W1"'],
    ['empty', ''],
    ['whitespace', '  \n'],
    ['trailing garbage', '{} {}'],
    ['single quotes', "{'a': 1}"],
  ])('answers %s JSON with 400 and keeps it on the DLQ', async (_name, body) => {
    const target = await app();
    const response = await post(target, 'redo', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('malformed-json');
    expect(target.dlq[0]?.envelope.body).toBe(body);
  });

  it("keeps bytes that are not UTF-8 on the DLQ byte for byte, in the envelope's bodyBase64", async () => {
    const target = await app();
    const body = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const response = await post(target, 'increff', body);
    expect(response.statusCode).toBe(400);
    const envelope = target.dlq[0]?.envelope;
    expect(Buffer.from(envelope?.bodyBase64 ?? '', 'base64')).toEqual(body);
    expect(envelope?.contentSha256).toBe(sha256(body));
    expect(target.dlq[0]?.detail).toBe('body is not valid UTF-8; the envelope keeps the bytes in bodyBase64');
  });

  it('adds no bodyBase64 to a UTF-8 body, malformed or not', async () => {
    const target = await app();
    await post(target, 'increff', Buffer.from('{"a":'));
    expect(target.dlq[0]?.envelope).not.toHaveProperty('bodyBase64');
  });

  it.each([
    ['text/plain', '{"a":1}'],
    ['application/x-www-form-urlencoded', 'a=1'],
    ['multipart/form-data; boundary=x', '--x--'],
    ['application/jsonp', '{}'],
    ['json', '{}'],
  ])('answers content type %s with 415', async (contentType, body) => {
    const target = await app();
    const response = await post(target, 'clickpost', body, { 'content-type': contentType });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: 'unsupported-media-type' });
    expect(target.raw).toHaveLength(0);
  });

  it('answers a body without a content type with 415, empty or not', async () => {
    const target = await app();
    for (const payload of ['{"a":1}', '']) {
      const response = await target.app.inject({
        method: 'POST',
        url: ROUTES.clickpost,
        headers: AUTH.clickpost,
        payload,
      });
      expect(response.statusCode).toBe(415);
      expect(response.json().error).toBe('unsupported-media-type');
    }
  });

  it('answers a body over the limit with 413, declared or streamed', async () => {
    const target = await app({ maxBodyBytes: 2048 });
    const big = JSON.stringify({ waybill: 'W1', pad: 'x'.repeat(4096) });
    const response = await post(target, 'clickpost', big);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'payload-too-large' });
    // A body whose declared length understates it is cut off at the limit too.
    const chunked = await target.app.inject({
      method: 'POST',
      url: ROUTES.clickpost,
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...AUTH.clickpost },
      payload: big,
    });
    expect(chunked.statusCode).toBe(413);
    expect(target.raw).toHaveLength(0);
    expect(target.dlq).toHaveLength(0);
    expect((await post(target, 'clickpost', JSON.stringify({ pad: 'x'.repeat(1900) }))).statusCode).toBe(200);
  });

  it('accepts a body of at most the limit in bytes, not characters, and answers one byte more with a JSON 413', async () => {
    const limits = [1024, 1537, 64 * 1024, 1024 * 1024];
    const targets = await Promise.all(limits.map((maxBodyBytes) => app({ maxBodyBytes })));
    const wrapper = '{"pad":""}';
    // Bodies of the limit, a byte or a few either side, of 1- to 4-byte characters.
    const body = fc.nat({ max: limits.length - 1 }).chain((which) =>
      fc.tuple(
        fc.constant(which),
        nearBoundary(limits[which] ?? 0, [1, 2, 3, 4], 16).chain((bytes) =>
          textOfUtf8Bytes(bytes - wrapper.length),
        ),
        fc.boolean(),
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async ([which, pad, chunked]) => {
        const target = targets[which] as (typeof targets)[number];
        const limit = limits[which] as number;
        const payload = JSON.stringify({ pad });
        const bytes = Buffer.byteLength(payload);
        const written = target.raw.length;
        const response = await target.app.inject({
          method: 'POST',
          url: ROUTES.clickpost,
          headers: {
            'content-type': 'application/json',
            ...AUTH.clickpost,
            ...(chunked ? { 'transfer-encoding': 'chunked' } : {}),
          },
          payload,
        });
        if (bytes <= limit) {
          expect(response.statusCode).toBe(200);
          expect(target.raw.length - written).toBe(1);
          expect(target.raw.at(-1)?.body).toBe(payload);
        } else {
          expect(response.statusCode).toBe(413);
          expect(response.headers['content-type']).toMatch(/^application\/json/);
          expect(response.json()).toEqual({
            error: 'payload-too-large',
            message: `body larger than ${limit} bytes`,
          });
          expect(target.raw.length).toBe(written);
        }
        expect(target.dlq).toHaveLength(0);
      }),
      { numRuns: 150 },
    );
  });

  it('answers 413 when the envelope would exceed the topic record limit, since no retry could fix it', async () => {
    const target = await app();
    target.state.maxRecordBytes = 4096;
    const fits = JSON.stringify({ pad: 'x'.repeat(1000) });
    const quoted = JSON.stringify({ pad: '"'.repeat(2000) }); // escaping doubles it in the envelope
    expect((await post(target, 'clickpost', fits)).statusCode).toBe(200);
    const response = await post(target, 'clickpost', quoted);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: 'payload-too-large' });
    expect((await post(target, 'clickpost', `{${'"'.repeat(3000)}`)).statusCode).toBe(413);
  });

  it('cuts hostile header values in the envelope and ignores headers not allow-listed', async () => {
    const target = await app();
    const response = await post(target, 'clickpost', '{}', {
      'user-agent': 'u'.repeat(100_000),
      'x-evil': 'e'.repeat(100_000),
      cookie: 'session=secret',
    });
    expect(response.statusCode).toBe(200);
    const headers = target.raw[0]?.headers ?? {};
    expect(headers['user-agent']?.length).toBe(1025);
    expect(Object.keys(headers).sort()).toEqual(['content-length', 'content-type', 'user-agent']);
  });

  it('answers a write that fails (Kafka down) with 503 and Retry-After, never 2xx', async () => {
    const target = await app();
    target.state.failing = true;
    for (const [route, body] of [
      ['clickpost', '{}'],
      ['increff', '{}'],
      ['redo', '{'],
    ] as const) {
      const response = await post(target, route, body);
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('7');
      expect(response.json()).toMatchObject({ error: 'unavailable' });
    }
  });

  it('answers unknown webhook routes and methods with 404 in the same error shape', async () => {
    const target = await app();
    for (const [method, url] of [
      ['POST', '/v1/webhooks/unknown'],
      ['GET', ROUTES.clickpost],
    ] as const) {
      const response = await target.app.inject({ method, url, headers: AUTH.clickpost });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: 'not-found' });
    }
  });
});

describe('OpenAPI', () => {
  it('documents the three routes, their payloads and every answer', async () => {
    const target = await app();
    const document = (await target.app.inject('/openapi.json')).json();
    expect(Object.keys(document.paths).sort()).toEqual(Object.values(ROUTES).sort());
    const clickpost = document.paths[ROUTES.clickpost].post;
    expect(Object.keys(clickpost.responses).sort()).toEqual(['200', '400', '401', '413', '415', '503']);
    expect(clickpost.requestBody.content['application/json'].schema).toBeDefined();
    expect(clickpost.responses['401'].content['application/json'].schema.properties).toHaveProperty('error');
  });
});
