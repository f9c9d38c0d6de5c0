import { createHash } from 'node:crypto';
import http from 'node:http';
import type { DlqRecord, RawEnvelope } from '@shipfold/contracts';
import { waitFor } from '@shipfold/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionKey } from '../src/partition-key';
import { isValidJson, webhookFixtures } from './fixtures';
import { readTopics, startIngress } from './int-support';
import { AUTH, ROUTES } from './test-app';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const SOURCE = { clickpost: 'clickpost.webhook', redo: 'redo.webhook', increff: 'increff.return-callback' };

let started: Awaited<ReturnType<typeof startIngress>>;
beforeAll(async () => {
  started = await startIngress();
});
afterAll(async () => {
  await started?.ingress.stop();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw HTTP request (fetch would refuse some of the hostile ones), answered or failed. */
function request(path: string, headers: Record<string, string>, body?: Buffer | string): Promise<Answer> {
  const url = new URL(path, started.address);
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    // The server may answer (413, 401) and close before the whole body is sent.
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

const json = { 'content-type': 'application/json' };

describe('ingress shutdown', () => {
  it('flushes the batches of deliveries in flight before it stops, answering each 200', async () => {
    const draining = await startIngress({ INGRESS_LINGER_MS: '100' });
    const url = new URL(ROUTES.clickpost, draining.address);
    const answers = Array.from({ length: 20 }, (_, index) =>
      fetch(url, {
        method: 'POST',
        headers: { ...json, ...AUTH.clickpost },
        body: JSON.stringify({ waybill: `drain-${index}`, cp_id: 9 }),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { deliveryId: string },
      })),
    );
    // All twenty wait in the batcher (lingering) when the shutdown starts.
    await waitFor('20 deliveries pending', () => draining.ingress.pendingDeliveries() === 20, {
      intervalMs: 2,
    });
    await draining.ingress.stop();
    const settled = await Promise.all(answers);
    expect(settled.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    const ids = new Set(settled.map((answer) => answer.body.deliveryId));
    const { names } = draining;
    await readTopics(
      names,
      [names.raw],
      (read) => read.filter((record) => ids.has(record.value.deliveryId as string)).length === 20,
    );
  });
});

describe('ingress against Kafka and the schema registry', () => {
  it('writes every seed and reference payload to its topic byte for byte, with the envelope right', async () => {
    const fixtures = webhookFixtures();
    const sent: Array<{ fixture: (typeof fixtures)[number]; answer: Answer; startedAt: number }> = [];
    // Concurrently, as senders do: they share produce batches.
    await Promise.all(
      fixtures.map(async (fixture) => {
        const startedAt = Date.now();
        const answer = await request(
          ROUTES[fixture.route],
          { ...json, ...AUTH[fixture.route] },
          fixture.body,
        );
        sent.push({ fixture, answer, startedAt });
      }),
    );
    const { names } = started;
    const records = await readTopics(names, [names.raw, names.dlq], (read) => read.length >= fixtures.length);
    expect(records).toHaveLength(fixtures.length);

    for (const { fixture, answer, startedAt } of sent) {
      const valid = isValidJson(fixture.body);
      expect(answer.status, fixture.name).toBe(valid ? 200 : 400);
      const sameBytes = (envelope: RawEnvelope) =>
        envelope.source === SOURCE[fixture.route] && envelope.contentSha256 === sha256(fixture.body);
      if (valid) {
        const record = records.find(
          (read) => read.topic === names.raw && sameBytes(read.value as RawEnvelope),
        );
        const envelope = record?.value as RawEnvelope;
        expect(envelope, fixture.name).toBeDefined();
        expect(Buffer.from(envelope.body, 'utf8').equals(fixture.body), fixture.name).toBe(true);
        expect(envelope.contentType).toBe('application/json');
        expect(envelope.headers).toMatchObject({ 'content-type': 'application/json' });
        expect(JSON.stringify(envelope.headers)).not.toMatch(/webhook_key|authorization|x-increff-token/);
        expect(Date.parse(envelope.receivedAt)).toBeGreaterThanOrEqual(startedAt - 1000);
        const expectedKey = partitionKey(
          fixture.route,
          JSON.parse(fixture.body.toString('utf8')),
          envelope.deliveryId,
        );
        expect(envelope.partitionKey).toBe(expectedKey);
        expect(record?.key).toBe(expectedKey);
        if (fixture.route === 'increff') expect(answer.body).toBe('');
        else expect(JSON.parse(answer.body)).toEqual({ deliveryId: envelope.deliveryId });
      } else {
        const { deliveryId } = JSON.parse(answer.body);
        const record = records.find(
          (read) => read.topic === names.dlq && read.value.deliveryId === deliveryId,
        );
        const rejection = record?.value as DlqRecord;
        expect(rejection, fixture.name).toMatchObject({ stage: 'ingress', reason: 'malformed-json' });
        expect(Buffer.from(rejection.envelope.body, 'utf8').equals(fixture.body)).toBe(true);
        expect(rejection.envelope.contentSha256).toBe(sha256(fixture.body));
        expect(record?.key).toBe(deliveryId);
      }
    }
  });

  it('refuses bad input with the right status and a JSON error, writing only malformed JSON (to the DLQ)', async () => {
    const tooLarge = `"${'x'.repeat(1024 * 1024)}"`;
    const cases: Array<
      [string, string, Record<string, string>, Buffer | string | undefined, number, string]
    > = [
      ['no credentials', ROUTES.clickpost, json, '{}', 401, 'unauthorized'],
      [
        'wrong key',
        ROUTES.clickpost,
        { ...json, webhook_key: 'not-the-key-at-all' },
        '{}',
        401,
        'unauthorized',
      ],
      ['wrong bearer', ROUTES.redo, { ...json, authorization: 'Bearer nope' }, '{}', 401, 'unauthorized'],
      [
        'wrong increff secret',
        ROUTES.increff,
        { ...json, 'x-increff-token': 'nope' },
        '{}',
        401,
        'unauthorized',
      ],
      [
        'text/plain',
        ROUTES.redo,
        { ...AUTH.redo, 'content-type': 'text/plain' },
        '{}',
        415,
        'unsupported-media-type',
      ],
      ['no content type', ROUTES.redo, { ...AUTH.redo }, '{}', 415, 'unsupported-media-type'],
      ['too large', ROUTES.clickpost, { ...json, ...AUTH.clickpost }, tooLarge, 413, 'payload-too-large'],
      [
        'huge headers',
        ROUTES.clickpost,
        { ...json, ...AUTH.clickpost, 'x-padding': 'p'.repeat(20_000) },
        '{}',
        431,
        'header-fields-too-large',
      ],
      ['empty body', ROUTES.increff, { ...json, ...AUTH.increff }, '', 400, 'malformed-json'],
      ['malformed', ROUTES.redo, { ...json, ...AUTH.redo }, '{"return": {', 400, 'malformed-json'],
    ];
    for (const [name, path, headers, body, status, error] of cases) {
      const answer = await request(path, headers, body);
      expect([name, answer.status]).toEqual([name, status]);
      expect(JSON.parse(answer.body), name).toMatchObject({ error });
    }
    // A valid delivery after them, so that reading up to it proves nothing else was written.
    const marker = await request(ROUTES.redo, { ...json, ...AUTH.redo }, '{"marker":true}');
    expect(marker.status).toBe(200);
    const { deliveryId } = JSON.parse(marker.body);
    const { names } = started;
    const ofThisTest = (read: Awaited<ReturnType<typeof readTopics>>) =>
      read.filter(
        (record) =>
          (record.topic === names.dlq &&
            ['', '{"return": {'].includes((record.value as DlqRecord).envelope.body)) ||
          record.value.deliveryId === deliveryId,
      );
    // The marker and the DLQ records sit on different topics: wait until all three are read.
    const records = await readTopics(names, [names.raw, names.dlq], (read) => ofThisTest(read).length >= 3);
    const afterFixtures = ofThisTest(records);
    expect(afterFixtures.map((record) => record.topic).sort()).toEqual([names.dlq, names.dlq, names.raw]);
    const bodies = records.map((record) =>
      record.topic === names.raw
        ? (record.value as RawEnvelope).body
        : (record.value as DlqRecord).envelope.body,
    );
    expect(bodies).not.toContain(tooLarge);
  });

  it('writes a body at the size limit even when JSON escaping doubles its envelope, and answers 413 above it', async () => {
    const headers = { ...json, ...AUTH.redo };
    // Every quote in the body is escaped again in the envelope: a ~1 MB body, a ~2 MB record.
    const body = JSON.stringify({ pad: '"'.repeat(520_000) });
    expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
    const fits = await request(ROUTES.redo, headers, body);
    expect(fits.status).toBe(200);
    const overBodyLimit = await request(
      ROUTES.redo,
      headers,
      JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }),
    );
    expect(overBodyLimit.status).toBe(413);
    const { deliveryId } = JSON.parse(fits.body);
    const { names } = started;
    const records = await readTopics(names, [names.raw], (read) =>
      read.some((record) => record.value.deliveryId === deliveryId),
    );
    const written = records.find((record) => record.value.deliveryId === deliveryId)?.value as RawEnvelope;
    expect(written.body).toBe(body);
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    const get = async (path: string) => {
      const response = await fetch(new URL(path, started.address));
      return { status: response.status, text: await response.text() };
    };
    expect((await get('/healthz')).status).toBe(200);
    expect(JSON.parse((await get('/readyz')).text)).toEqual({ status: 'ready' });
    const metrics = (await get('/metrics')).text;
    expect(metrics).toMatch(/ingress_requests_total\{[^}]*outcome="accepted"/);
    expect(metrics).toMatch(/ingress_requests_total\{[^}]*outcome="unauthorized"/);
    expect(metrics).toMatch(/ingress_produce_duration_seconds_count\{[^}]*result="ok"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/ingress_batch_records_count\{[^}]*\} [1-9]/);
    const document = JSON.parse((await get('/openapi.json')).text);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(Object.values(ROUTES)));
  });

  it('never wrote a secret to the logs', () => {
    const logged = started.logLines.join('\n');
    for (const secret of [...Object.values(AUTH).flatMap((headers) => Object.values(headers))]) {
      expect(logged).not.toContain(secret.replace(/^Bearer /, ''));
    }
  });
});
