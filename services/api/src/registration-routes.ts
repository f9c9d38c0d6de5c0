import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ClickpostApiError,
  ClickpostError,
  ClickpostNetworkError,
  ClickpostRequestError,
} from '@shipfold/clickpost';
import type { Registrar } from '@shipfold/tracking-state';
import { Type } from '@sinclair/typebox';

/**
 * POST /v1/shipments registers a waybill with Clickpost for tracking; DELETE /v1/shipments/:waybill
 * unregisters it. A plugin for the api service (issue 5) to mount:
 *
 *   app.register(shipmentRegistrationRoutes, { prefix: '/v1', registrar: createRegistrar(pool, client) })
 *
 * Answers: 200 with the stored registration; 400 bad input; 502 Clickpost refused (its status and
 * message); 503 Clickpost unreachable (retry later).
 */

// A waybill is one identifier: no comma (Clickpost reads comma-separated lists), no control characters.
const Waybill = Type.String({ minLength: 1, maxLength: 100, pattern: '^(?=.*\\S)[^,\\x00-\\x1f\\x7f]+$' });
const CpId = Type.Integer({
  minimum: 1,
  maximum: 2_147_483_647,
  description: 'Clickpost courier partner id',
});

const Registration = Type.Object({
  waybill: Type.String(),
  cpId: Type.Integer(),
  accountCode: Type.Union([Type.String(), Type.Null()]),
  state: Type.Union(['pending', 'registered', 'unregistered', 'failed'].map((state) => Type.Literal(state))),
  trackingId: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  registeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  unregisteredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  updatedAt: Type.String({ format: 'date-time' }),
});

const ErrorBody = Type.Object({
  error: Type.String(),
  message: Type.String(),
  clickpostStatus: Type.Optional(Type.Integer()),
});

const Details = Type.Record(Type.String(), Type.Unknown());

export interface RegistrationRoutesOptions {
  registrar: Registrar;
}

function failure(error: unknown): {
  code: 400 | 502 | 503;
  body: { error: string; message: string; clickpostStatus?: number };
} {
  if (error instanceof ClickpostRequestError)
    return { code: 400, body: { error: 'bad-request', message: error.message } };
  if (error instanceof ClickpostNetworkError) {
    return { code: 503, body: { error: 'clickpost-unreachable', message: error.message } };
  }
  if (error instanceof ClickpostApiError) {
    return {
      code: 502,
      body: { error: 'clickpost-refused', message: error.message, clickpostStatus: error.status },
    };
  }
  if (error instanceof ClickpostError)
    return { code: 502, body: { error: 'clickpost-refused', message: error.message } };
  throw error;
}

export const shipmentRegistrationRoutes: FastifyPluginAsyncTypebox<RegistrationRoutesOptions> = async (
  app,
  { registrar },
) => {
  app.post(
    '/shipments',
    {
      schema: {
        summary: 'Register a waybill with Clickpost for tracking',
        body: Type.Object({
          waybill: Waybill,
          cpId: CpId,
          accountCode: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          consumerDetails: Type.Optional(Details),
          shipmentInfo: Type.Optional(Details),
          additional: Type.Optional(Details),
        }),
        response: { 200: Registration, 400: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      try {
        return reply.code(200).send(await registrar.register(request.body));
      } catch (error) {
        const { code, body } = failure(error);
        return reply.code(code).send(body);
      }
    },
  );

  app.delete(
    '/shipments/:waybill',
    {
      schema: {
        summary: 'Stop tracking a waybill at Clickpost',
        params: Type.Object({ waybill: Waybill }),
        querystring: Type.Object({ cpId: CpId }),
        response: { 200: Registration, 400: ErrorBody, 502: ErrorBody, 503: ErrorBody },
      },
    },
    async (request, reply) => {
      try {
        return reply
          .code(200)
          .send(await registrar.unregister({ waybill: request.params.waybill, cpId: request.query.cpId }));
      } catch (error) {
        const { code, body } = failure(error);
        return reply.code(code).send(body);
      }
    },
  );
};
