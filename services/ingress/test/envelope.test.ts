import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildEnvelope, keptHeaders, MAX_HEADER_VALUE_LENGTH } from '../src/envelope';
import { readJsonBody } from '../src/json-body';

describe('keptHeaders', () => {
  it('keeps allow-listed headers only, never a secret one even when allow-listed', () => {
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'clickpost',
      'x-request-id': 'r1',
      webhook_key: 'secret',
      authorization: 'Bearer secret',
      'x-unknown': 'u',
    };
    expect(keptHeaders(headers, new Set(['webhook_key', 'authorization', 'x-request-id']))).toEqual({
      'content-type': 'application/json',
      'user-agent': 'clickpost',
    });
  });

  it('joins repeated values and cuts long ones', () => {
    const kept = keptHeaders({ 'x-forwarded-for': ['a', 'b'], 'user-agent': 'u'.repeat(5000) }, new Set());
    expect(kept['x-forwarded-for']).toBe('a, b');
    expect(kept['user-agent']).toBe(`${'u'.repeat(MAX_HEADER_VALUE_LENGTH)}…`);
  });
});

describe('buildEnvelope', () => {
  it('records the text, its hash, the content type and the key', () => {
    const bytes = Buffer.from('{"a":"é"}');
    const envelope = buildEnvelope(
      {
        deliveryId: 'd1',
        source: 'redo.webhook',
        receivedAt: new Date('2026-01-02T03:04:05.678Z'),
        headers: { 'content-type': 'application/json; charset=utf-8' },
        bytes,
        text: bytes.toString('utf8'),
        utf8: true,
        partitionKey: 'redo-return:1',
      },
      new Set(),
    );
    expect(envelope).toEqual({
      deliveryId: 'd1',
      source: 'redo.webhook',
      receivedAt: '2026-01-02T03:04:05.678Z',
      contentType: 'application/json; charset=utf-8',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"a":"é"}',
      contentSha256: createHash('sha256').update(bytes).digest('hex'),
      partitionKey: 'redo-return:1',
    });
  });
});

describe('readJsonBody', () => {
  it('parses JSON and keeps the text as received', () => {
    expect(readJsonBody(Buffer.from(' {"a":1} '))).toEqual({ ok: true, text: ' {"a":1} ', value: { a: 1 } });
  });

  it('skips a byte-order mark for parsing only', () => {
    const result = readJsonBody(Buffer.from('\uFEFF[1]'));
    expect(result).toEqual({ ok: true, text: '\uFEFF[1]', value: [1] });
  });

  it('names the problem of an empty, malformed or non-UTF-8 body', () => {
    expect(readJsonBody(Buffer.alloc(0))).toMatchObject({ ok: false, problem: 'body is empty' });
    expect(readJsonBody(Buffer.from('{'))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^body is not JSON/),
    });
    expect(readJsonBody(Buffer.from([0x22, 0xc3, 0x22]))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^body is not valid UTF-8/),
    });
  });
});
