/**
 * Typed errors of the Clickpost client. Every message is built from redacted text only: the API key
 * never appears in a message, a property or a cause (callers log these errors as they are).
 */

export type ClickpostOperation =
  | 'track-order'
  | 'awb-register'
  | 'awb-unregister'
  | 'register-service'
  | 'returns-delta';

export abstract class ClickpostError extends Error {
  override name = 'ClickpostError';
  readonly operation: ClickpostOperation;
  /** Whether trying the same request again later can succeed. */
  abstract readonly retryable: boolean;

  constructor(operation: ClickpostOperation, message: string) {
    super(`clickpost ${operation}: ${message}`);
    this.operation = operation;
  }
}

/** The request was refused on our side and never sent (bad input, or a rule Clickpost enforces). */
export class ClickpostRequestError extends ClickpostError {
  override name = 'ClickpostRequestError';
  readonly retryable = false;
}

/** A Returns Polling Delta window that Clickpost would refuse: longer than 60 minutes, empty or reversed. */
export class ClickpostWindowError extends ClickpostRequestError {
  override name = 'ClickpostWindowError';
  constructor(
    readonly start: string,
    readonly end: string,
    reason: string,
  ) {
    super('returns-delta', `window ${start} → ${end} refused: ${reason}`);
  }
}

export interface ApiErrorDetails {
  /** `meta.status` (or `status_code`) of the body. */
  status: number;
  /** `meta.message` flattened to text (it is sometimes an object of field errors). */
  detail: string;
  /** Field errors when `meta.message` was an object: `{ "Time Difference": ["…"] }`. */
  fieldErrors: Record<string, string[]>;
  httpStatus: number;
  /** `result` of the body, when the error body carried one (e.g. the tracking id of a 303). */
  result: unknown;
}

/** Clickpost answered with an error in the body (`meta.success` false), usually with HTTP 200. */
export class ClickpostApiError extends ClickpostError {
  override name = 'ClickpostApiError';
  readonly status: number;
  readonly detail: string;
  readonly fieldErrors: Record<string, string[]>;
  readonly httpStatus: number;
  readonly result: unknown;
  readonly retryable: boolean = false;

  constructor(operation: ClickpostOperation, details: ApiErrorDetails) {
    super(operation, `status ${details.status}: ${details.detail}`);
    this.status = details.status;
    this.detail = details.detail;
    this.fieldErrors = details.fieldErrors;
    this.httpStatus = details.httpStatus;
    this.result = details.result;
  }
}

/** 301: invalid API key or token. */
export class ClickpostAuthenticationError extends ClickpostApiError {
  override name = 'ClickpostAuthenticationError';
}
/** 302: the courier partner id (cp_id) is not valid. */
export class ClickpostInvalidCourierError extends ClickpostApiError {
  override name = 'ClickpostInvalidCourierError';
}
/** 303, 304, 305: the thing already exists; for a register call this is an idempotent success. */
export class ClickpostAlreadyRegisteredError extends ClickpostApiError {
  override name = 'ClickpostAlreadyRegisteredError';
}
/** 306, 320, 327: the account is not registered for, or not subscribed to, this service. */
export class ClickpostNotSubscribedError extends ClickpostApiError {
  override name = 'ClickpostNotSubscribedError';
}
/** 316, 324: missing or invalid credentials for the courier partner. */
export class ClickpostCourierCredentialsError extends ClickpostApiError {
  override name = 'ClickpostCourierCredentialsError';
}
/** 321, 326, 330: the waybill or tracking id does not exist. */
export class ClickpostNotFoundError extends ClickpostApiError {
  override name = 'ClickpostNotFoundError';
}
/** 351, 352, 353, 355: no, several, or an inactive account; unknown vendor code. */
export class ClickpostAccountError extends ClickpostApiError {
  override name = 'ClickpostAccountError';
}
/** 400, 325, 328, 422 and other 4xx: Clickpost rejected the input. */
export class ClickpostBadRequestError extends ClickpostApiError {
  override name = 'ClickpostBadRequestError';
}
/** 429: too many requests (in the body or as HTTP status), after our retries. */
export class ClickpostRateLimitError extends ClickpostApiError {
  override name = 'ClickpostRateLimitError';
  override readonly retryable = true;
}
/** 5xx, 322, 354: a failure inside Clickpost or the courier partner's server. */
export class ClickpostServerError extends ClickpostApiError {
  override name = 'ClickpostServerError';
  override readonly retryable = true;
}

/** A non-2xx HTTP answer whose body is not a Clickpost error body, after our retries. */
export class ClickpostHttpError extends ClickpostError {
  override name = 'ClickpostHttpError';
  readonly retryable: boolean;
  constructor(
    operation: ClickpostOperation,
    readonly httpStatus: number,
    /** Retry-After of the last answer in milliseconds, when it sent one. */
    readonly retryAfterMs: number | null,
  ) {
    super(operation, `HTTP ${httpStatus}`);
    this.retryable = httpStatus === 429 || httpStatus >= 500;
  }
}

/** The connection failed or was reset, after our retries. */
export class ClickpostNetworkError extends ClickpostError {
  override name = 'ClickpostNetworkError';
  readonly retryable = true;
  constructor(
    operation: ClickpostOperation,
    /** The system or undici error code, e.g. ECONNREFUSED, UND_ERR_SOCKET. */
    readonly code: string,
    message: string,
  ) {
    super(operation, message);
  }
}

/** No complete answer within the per-attempt timeout, after our retries. */
export class ClickpostTimeoutError extends ClickpostNetworkError {
  override name = 'ClickpostTimeoutError';
}

/** A 2xx answer we cannot use: not JSON, not a Clickpost body, too large. */
export class ClickpostResponseError extends ClickpostError {
  override name = 'ClickpostResponseError';
  readonly retryable = false;
  constructor(
    operation: ClickpostOperation,
    readonly httpStatus: number,
    message: string,
  ) {
    super(operation, message);
  }
}
