import { timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AUTH_FAILED,
  INVALID_CP_ID,
  metaError,
  metaSuccess,
  requiredFields,
  TIME_DIFFERENCE,
} from './clickpost-errors';
import { deltaRecord, type PayloadOptions, trackOrderEntry } from './payloads';
import type { Prng } from './prng';
import { KNOWN_CP_IDS, type SimulatorState } from './state';
import { parseQueryTime } from './time-format';

/**
 * Clickpost's polling and registration API as the simulator serves it: track-order, AWB register and
 * unregister, register-service and the Returns Polling Delta API, with Clickpost's error bodies
 * (HTTP 200, `meta.status` 301/302/303/400…), its key check and its 60-minute rule.
 */

export interface ApiFaults {
  /** Share of API requests answered 503 (before any other check). */
  http5xxRate: number;
  /** Share answered 429 with Retry-After. */
  http429Rate: number;
  retryAfterSeconds: number;
  /** Every API answer waits this long first (a slow Clickpost); 0: none. */
  latencyMs: number;
}

export interface ApiOptions extends PayloadOptions {
  key: string;
  username: string;
  /** Zone of the delta API's naive start_time / end_time. */
  deltaZone: string;
  maxWaybills: number;
  now: () => number;
  faults: ApiFaults;
  faultPrng: Prng;
}

export const API_PATHS = {
  trackOrder: '/api/v2/track-order/',
  awbRegister: '/api/v2/tracking/awb-register/',
  awbUnregister: '/api/v1/tracking/awb-unregister/',
  registerService: '/api/v1/register-service/',
  returnsDelta: '/api/v1/return_order_poll/',
} as const;

const MAX_DELTA_WINDOW_MS = 60 * 60 * 1000;
const DATETIME_FORMAT_ERROR =
  'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm:ss.';

type Fields = Record<string, unknown>;

/** Constant-time comparison of a presented secret. */
function sameSecret(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim() : null;

const missing = (fields: Fields, names: string[]) =>
  names.filter((name) => text(String(fields[name] ?? '')) === null);

function integer(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** Query parameters as single strings; a repeated parameter is not one. */
function queryOf(request: FastifyRequest): Fields {
  return request.query as Fields;
}

/** POST bodies arrive as text (see the parser below) so bad JSON gets Clickpost's 328, not Fastify's 400. */
function bodyOf(request: FastifyRequest): Fields | null {
  if (typeof request.body !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(request.body);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Fields)
      : null;
  } catch {
    return null;
  }
}

const INVALID_POST_DATA = metaError(328, 'Invalid POST data');

export function registerApi(app: FastifyInstance, state: SimulatorState, options: ApiOptions): void {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  // Injected faults come first, as an overloaded Clickpost would answer before looking at anything.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const { faults, faultPrng } = options;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faultPrng.chance(faults.http5xxRate)) return reply.code(503).send('Service Unavailable');
    if (faultPrng.chance(faults.http429Rate)) {
      return reply
        .code(429)
        .header('retry-after', String(faults.retryAfterSeconds))
        .send('Too Many Requests');
    }
  });

  const authenticated = (fields: Fields, userField?: string): boolean =>
    sameSecret(fields.key, options.key) &&
    (userField === undefined || fields[userField] === options.username);

  app.get(API_PATHS.trackOrder, async (request: FastifyRequest) => {
    const query = queryOf(request);
    if (!authenticated(query, 'username')) return AUTH_FAILED;
    const absent = missing(query, ['waybill', 'cp_id']);
    if (absent.length > 0) return requiredFields(absent);
    const cpId = integer(query.cp_id);
    if (cpId === null) return metaError(400, { cp_id: ['A valid integer is required.'] });
    if (!KNOWN_CP_IDS.has(cpId)) return INVALID_CP_ID;
    const waybills = [
      ...new Set(
        String(query.waybill)
          .split(',')
          .map((waybill) => waybill.trim())
          .filter((waybill) => waybill.length > 0),
      ),
    ];
    if (waybills.length > options.maxWaybills) {
      return metaError(400, { waybill: [`At most ${options.maxWaybills} waybills per request.`] });
    }
    const now = options.now();
    const result: Fields = {};
    let known = 0;
    for (const waybill of waybills) {
      const shipment = state.shipment(cpId, waybill);
      const entry = shipment ? trackOrderEntry(shipment, now, options) : null;
      if (entry) known++;
      result[waybill] = entry ?? { valid: false };
    }
    // A request about nothing Clickpost knows answers `result: null` (published sample).
    return metaSuccess(known === 0 ? null : result);
  });

  app.get(API_PATHS.returnsDelta, async (request: FastifyRequest) => {
    const query = queryOf(request);
    if (!authenticated(query, 'user_name')) return AUTH_FAILED;
    const absent = missing(query, ['start_time', 'end_time']);
    if (absent.length > 0) return requiredFields(absent);
    const start = parseQueryTime(String(query.start_time), options.deltaZone);
    const end = parseQueryTime(String(query.end_time), options.deltaZone);
    const malformed = [...(start === null ? ['start_time'] : []), ...(end === null ? ['end_time'] : [])];
    if (start === null || end === null) {
      return metaError(400, Object.fromEntries(malformed.map((field) => [field, [DATETIME_FORMAT_ERROR]])));
    }
    if (end <= start) return metaError(400, { 'Time Difference': ['End Time should be after Start Time'] });
    if (end - start > MAX_DELTA_WINDOW_MS) return TIME_DIFFERENCE;
    const now = options.now();
    return metaSuccess(
      state.returnsRequestedBetween(start, end, now).map((order) => deltaRecord(order, now)),
    );
  });

  /** The authenticated { waybill, cp_id } body of an AWB (un)register call, or Clickpost's error answer. */
  const awbRequest = (request: FastifyRequest) => {
    const body = bodyOf(request);
    if (body === null) return { refused: INVALID_POST_DATA };
    if (!authenticated(body)) return { refused: AUTH_FAILED };
    const absent = missing(body, ['waybill', 'cp_id']);
    if (absent.length > 0) return { refused: requiredFields(absent) };
    const cpId = integer(body.cp_id);
    if (cpId === null) return { refused: metaError(400, { cp_id: ['A valid integer is required.'] }) };
    return { cpId, waybill: String(body.waybill).trim() };
  };

  app.post(API_PATHS.awbRegister, async (request: FastifyRequest) => {
    const awb = awbRequest(request);
    if ('refused' in awb) return awb.refused;
    const { cpId, waybill } = awb;
    if (!KNOWN_CP_IDS.has(cpId)) return INVALID_CP_ID;
    const { registration, created } = state.register(cpId, waybill, options.now());
    const result = { tracking_id: registration.trackingId, security_key: registration.securityKey };
    if (!created)
      return { meta: { status: 303, message: 'Waybill already registered', success: false }, result };
    return { meta: { status: 200, message: 'Success', success: true }, result };
  });

  app.post(API_PATHS.awbUnregister, async (request: FastifyRequest) => {
    const awb = awbRequest(request);
    if ('refused' in awb) return awb.refused;
    const { cpId, waybill } = awb;
    if (!state.unregister(cpId, waybill)) return metaError(330, 'waybill does not exist');
    return metaSuccess({ awb: waybill });
  });

  // register-service answers in its own flat shape: { message, status_code, success }.
  app.post(API_PATHS.registerService, async (request: FastifyRequest, reply: FastifyReply) => {
    const flat = (status_code: number, message: string) =>
      reply.send({ message, status_code, success: status_code === 200 });
    const body = bodyOf(request);
    if (body === null) return flat(328, 'Invalid POST data');
    if (!authenticated(body)) return flat(301, 'Authentication Failed: Invalid Token or API Key');
    const serviceId = integer(body.service_id);
    if (serviceId === null || ![1, 2, 3].includes(serviceId)) return flat(400, 'Invalid service_id');
    if (state.services.has(serviceId)) return flat(304, 'Already Registered For Service');
    state.services.add(serviceId);
    return flat(200, 'SUCCESS');
  });
}
