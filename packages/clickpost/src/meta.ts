import {
  type ApiErrorDetails,
  ClickpostAccountError,
  ClickpostAlreadyRegisteredError,
  ClickpostApiError,
  ClickpostAuthenticationError,
  ClickpostBadRequestError,
  ClickpostCourierCredentialsError,
  ClickpostInvalidCourierError,
  ClickpostNotFoundError,
  ClickpostNotSubscribedError,
  type ClickpostOperation,
  ClickpostRateLimitError,
  ClickpostServerError,
} from './errors';

/**
 * Reading Clickpost's answer envelope. Clickpost reports most errors inside HTTP 200 bodies:
 * `{ "meta": { "status": 301, "message": "…", "success": false } }`, where `message` is sometimes an
 * object of field errors. register-service answers a flat `{ "message", "status_code", "success" }`.
 */

export interface ClickpostMeta {
  status: number;
  success: boolean;
  detail: string;
  fieldErrors: Record<string, string[]>;
}

export type ParsedBody =
  | { kind: 'ok'; meta: ClickpostMeta; result: unknown; json: Record<string, unknown> }
  | { kind: 'error'; meta: ClickpostMeta; result: unknown }
  | { kind: 'unreadable'; reason: string };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const toInteger = (value: unknown): number | null => {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d{1,4}\s*$/.test(value)) return Number(value);
  return null;
};

const text = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
};

/** `{ "Time Difference": ["Start Time is ahead…"] }` → field errors and one readable line. */
function readMessage(message: unknown): { detail: string; fieldErrors: Record<string, string[]> } {
  if (!isRecord(message)) return { detail: text(message), fieldErrors: {} };
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, problems] of Object.entries(message)) {
    fieldErrors[field] = Array.isArray(problems) ? problems.map(text) : [text(problems)];
  }
  const detail = Object.entries(fieldErrors)
    .map(([field, problems]) => `${field}: ${problems.join('; ')}`)
    .join(' | ');
  return { detail, fieldErrors };
}

function readMeta(json: Record<string, unknown>): ClickpostMeta | null {
  const source = isRecord(json.meta) ? json.meta : 'status_code' in json ? json : null;
  if (source === null) return null;
  const status = toInteger(source.status ?? source.status_code);
  if (status === null) return null;
  // A body without a success flag is judged by its status alone.
  const success = typeof source.success === 'boolean' ? source.success : status >= 200 && status < 300;
  return { status, success, ...readMessage(source.message) };
}

/** Parse a response body into success, a Clickpost error, or something unreadable. Never throws. */
export function parseBody(body: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: 'unreadable', reason: 'body is not JSON' };
  }
  if (!isRecord(json)) return { kind: 'unreadable', reason: 'body is not a JSON object' };
  const meta = readMeta(json);
  if (meta === null) return { kind: 'unreadable', reason: 'body has no meta.status' };
  return meta.success
    ? { kind: 'ok', meta, result: json.result, json }
    : { kind: 'error', meta, result: json.result };
}

type ApiErrorClass = new (operation: ClickpostOperation, details: ApiErrorDetails) => ClickpostApiError;

/** Clickpost service error codes (reference: error-codes table) → the error class that names them. */
const CLASS_BY_STATUS: ReadonlyMap<number, ApiErrorClass> = new Map<number, ApiErrorClass>([
  [301, ClickpostAuthenticationError],
  [302, ClickpostInvalidCourierError],
  [303, ClickpostAlreadyRegisteredError],
  [304, ClickpostAlreadyRegisteredError],
  [305, ClickpostAlreadyRegisteredError],
  [306, ClickpostNotSubscribedError],
  [320, ClickpostNotSubscribedError],
  [327, ClickpostNotSubscribedError],
  [316, ClickpostCourierCredentialsError],
  [324, ClickpostCourierCredentialsError],
  [321, ClickpostNotFoundError],
  [326, ClickpostNotFoundError],
  [330, ClickpostNotFoundError],
  [351, ClickpostAccountError],
  [352, ClickpostAccountError],
  [353, ClickpostAccountError],
  [355, ClickpostAccountError],
  [325, ClickpostBadRequestError],
  [328, ClickpostBadRequestError],
  [429, ClickpostRateLimitError],
  [322, ClickpostServerError],
  [354, ClickpostServerError],
]);

function classFor(status: number): ApiErrorClass {
  const known = CLASS_BY_STATUS.get(status);
  if (known) return known;
  if (status >= 500 && status < 600) return ClickpostServerError;
  if (status >= 400 && status < 500) return ClickpostBadRequestError;
  return ClickpostApiError;
}

/** The typed error for a Clickpost error body. `redact` scrubs secrets from vendor text. */
export function apiError(
  operation: ClickpostOperation,
  meta: ClickpostMeta,
  result: unknown,
  httpStatus: number,
  redact: (text: string) => string,
): ClickpostApiError {
  const fieldErrors: Record<string, string[]> = {};
  for (const [field, problems] of Object.entries(meta.fieldErrors)) {
    fieldErrors[redact(field)] = problems.map(redact);
  }
  const ErrorClass = classFor(meta.status);
  return new ErrorClass(operation, {
    status: meta.status,
    detail: redact(meta.detail),
    fieldErrors,
    httpStatus,
    result,
  });
}

/**
 * In-body statuses worth retrying. Not 500: Clickpost's published "Authentication Failed" sample is a
 * meta.status 500 in a 200 body, so retrying in-body 500s would only multiply failing calls.
 */
export const RETRYABLE_BODY_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);
