import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  ClickpostAccountError,
  ClickpostAlreadyRegisteredError,
  ClickpostApiError,
  ClickpostAuthenticationError,
  ClickpostBadRequestError,
  ClickpostServerError,
  parseBody,
} from '../src/index';
import { sample } from './samples';

const noRedaction = (text: string) => text;

function errorOf(body: string, httpStatus = 200): ClickpostApiError {
  const parsed = parseBody(body);
  if (parsed.kind !== 'error') throw new Error(`expected an error body, got ${parsed.kind}`);
  return apiError('returns-delta', parsed.meta, parsed.result, httpStatus, noRedaction);
}

describe('Clickpost error bodies (published samples)', () => {
  it('maps 301 (delta API auth error) to an authentication error', () => {
    const error = errorOf(sample('clickpost_returns-polling-delta_auth-error_1.json'));
    expect(error).toBeInstanceOf(ClickpostAuthenticationError);
    expect(error.status).toBe(301);
    expect(error.detail).toBe('Authentication Failed: Invalid Token or API Key');
    expect(error.httpStatus).toBe(200);
    expect(error.retryable).toBe(false);
  });

  it('maps 400 with an object message to a bad request with field errors', () => {
    const error = errorOf(sample('clickpost_returns-polling-delta_error_1.json'));
    expect(error).toBeInstanceOf(ClickpostBadRequestError);
    expect(error.status).toBe(400);
    expect(error.fieldErrors).toEqual({
      'Time Difference': ['Start Time is ahead of End time by more than 60 Minutes'],
    });
    expect(error.detail).toBe('Time Difference: Start Time is ahead of End time by more than 60 Minutes');
    expect(error.message).toContain('Start Time is ahead of End time');
  });

  it('maps 303 to already-registered and keeps the tracking id of the result', () => {
    const error = errorOf(sample('clickpost_awb-register-v2_response_already-registered_1.json'));
    expect(error).toBeInstanceOf(ClickpostAlreadyRegisteredError);
    expect(error.status).toBe(303);
    expect(error.result).toEqual({
      tracking_id: 491815220,
      security_key: 'c53b0171-9c6f-4045-92f8-03cadb5bc34f',
    });
  });

  it('maps 353 (inactive account; the sample is indented) to an account error', () => {
    const error = errorOf(sample('clickpost_awb-register-v2_response_inactive-account_1.json'));
    expect(error).toBeInstanceOf(ClickpostAccountError);
    expect(error.status).toBe(353);
    expect(error.detail).toBe('Clickpost Account: Inactive');
  });

  it('maps the in-body 500 of the "authentication failed" sample to a server error', () => {
    const error = errorOf(sample('clickpost_awb-register-v2_response_auth-failed_1.json'));
    expect(error).toBeInstanceOf(ClickpostServerError);
    expect(error.status).toBe(500);
    expect(error.detail).toBe('Ops! Internal server error in Clickpost');
  });

  it.each([
    [302, 'ClickpostInvalidCourierError'],
    [304, 'ClickpostAlreadyRegisteredError'],
    [306, 'ClickpostNotSubscribedError'],
    [316, 'ClickpostCourierCredentialsError'],
    [326, 'ClickpostNotFoundError'],
    [328, 'ClickpostBadRequestError'],
    [330, 'ClickpostNotFoundError'],
    [352, 'ClickpostAccountError'],
    [354, 'ClickpostServerError'],
    [422, 'ClickpostBadRequestError'],
    [429, 'ClickpostRateLimitError'],
    [504, 'ClickpostServerError'],
    [600, 'ClickpostApiError'],
  ])('maps meta.status %i to %s', (status, name) => {
    const error = errorOf(JSON.stringify({ meta: { status, message: 'x', success: false } }));
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(ClickpostApiError);
  });
});

describe('Clickpost success bodies (published samples)', () => {
  it.each([
    'clickpost_awb-register-v2_response_1.json',
    'clickpost_awb-register-v2_response_new_1.json',
    'clickpost_track-order_response_1.json',
    'clickpost_track-order_response_5.json',
    'clickpost_track-order_response_6.json',
    'clickpost_track-order_response_nonexistent-awb_1.json',
  ])('%s is a success', (name) => {
    const parsed = parseBody(sample(name));
    expect(parsed.kind).toBe('ok');
  });

  it("reads register-service's flat answer (no meta)", () => {
    const parsed = parseBody('{"message": "SUCCESS", "status_code": 200, "success": true}');
    expect(parsed).toMatchObject({ kind: 'ok', meta: { status: 200, success: true, detail: 'SUCCESS' } });
  });

  it('judges a body without a success flag by its status', () => {
    expect(parseBody('{"meta": {"status": 200}}').kind).toBe('ok');
    expect(parseBody('{"meta": {"status": "301", "message": "no"}}')).toMatchObject({
      kind: 'error',
      meta: { status: 301 },
    });
  });
});

describe('unreadable bodies', () => {
  it.each([
    ['', 'body is not JSON'],
    ['<html>502 Bad Gateway</html>', 'body is not JSON'],
    ['[1,2]', 'body is not a JSON object'],
    ['null', 'body is not a JSON object'],
    ['{"result": {}}', 'body has no meta.status'],
    ['{"meta": {"status": "abc"}}', 'body has no meta.status'],
  ])('%j is unreadable', (body, reason) => {
    expect(parseBody(body)).toEqual({ kind: 'unreadable', reason });
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.jsonValue().map((v) => JSON.stringify({ meta: v })),
        ),
        (body) => {
          const parsed = parseBody(body);
          expect(['ok', 'error', 'unreadable']).toContain(parsed.kind);
        },
      ),
    );
  });
});
