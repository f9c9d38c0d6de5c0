import { isTerminalStatus, viewShipment } from '@shipfold/domain';
import {
  findReturns,
  type ReturnLookup,
  type ReturnRecord,
  readRejections,
  readReturn,
  readShipments,
  type Tables,
} from '@shipfold/projections';
import type { ServiceApp } from '@shipfold/service-kit';
import { registrationOf } from '@shipfold/tracking-state';
import { Type } from '@sinclair/typebox';
import type { FastifyError } from 'fastify';
import type { Pool } from 'pg';
import {
  DlqBody,
  DlqQuery,
  ErrorBody,
  Identifier,
  ReturnBody,
  ReturnList,
  ReturnQuery,
  ShipmentBody,
} from './route-schemas';

export interface ReadRoutesOptions {
  pool: Pool;
  tables: Tables;
}

/** The read side: shipments, returns and rejections, under /v1. */
export async function readRoutes(app: ServiceApp, { pool, tables }: ReadRoutesOptions): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const problems = error.validation.map((problem) => ({
        parameter:
          `${error.validationContext ?? 'request'}${problem.instancePath.replaceAll('/', '.')}` +
          (problem.keyword === 'additionalProperties'
            ? `.${String((problem.params as { additionalProperty?: unknown }).additionalProperty)}`
            : problem.keyword === 'required'
              ? `.${String((problem.params as { missingProperty?: unknown }).missingProperty)}`
              : ''),
        message: problem.message ?? 'is not valid',
      }));
      return reply.code(400).send({
        error: 'bad-request',
        message: problems.map((problem) => `${problem.parameter} ${problem.message}`).join('; '),
        problems,
      });
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: 'bad-request', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'internal-error', message: 'the request could not be answered' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'not-found', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );

  app.get(
    '/shipments/:waybill',
    {
      schema: {
        summary: 'A shipment with its scan timeline',
        description:
          'The folded shipment: current status (the observed status with the greatest scan time), NDR, EDD, ' +
          'RVP and forward links, and every scan oldest first. A waybill is unique per courier partner: ' +
          'pass cpId when the waybill exists for several (409 otherwise).',
        params: Type.Object({ waybill: Identifier }),
        querystring: Type.Object(
          { cpId: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647 })) },
          { additionalProperties: false },
        ),
        response: { 200: ShipmentBody, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request, reply) => {
      const { waybill } = request.params;
      const found = await readShipments(pool, tables, waybill, request.query.cpId);
      if (found.length === 0) {
        return reply
          .code(404)
          .send({ error: 'not-found', message: `no shipment with waybill ${JSON.stringify(waybill)}` });
      }
      if (found.length > 1) {
        return reply.code(409).send({
          error: 'ambiguous-waybill',
          message: 'several courier partners have this waybill: pass cpId',
          cpIds: found.map(({ head }) => head.cpId),
        });
      }
      const [{ head, scans }] = found as [(typeof found)[number]];
      const registration = await registrationOf(pool, head.waybill, head.cpId);
      return { ...viewShipment(head, scans), registration };
    },
  );

  const withPickup = async (order: ReturnRecord) => {
    let pickup = null;
    if (order.returnAwb !== null && order.cpId !== null) {
      const [shipment] = await readShipments(pool, tables, order.returnAwb, order.cpId, { withScans: false });
      if (shipment) {
        const current = shipment.head.current;
        pickup = {
          waybill: shipment.head.waybill,
          cpId: shipment.head.cpId,
          statusCode: current.statusCode,
          description: viewShipment(shipment.head, []).current.description,
          isTerminal: isTerminalStatus(current.statusCode),
          occurredAt: current.occurredAt,
        };
      }
    }
    return { ...order, pickup };
  };

  app.get(
    '/returns/:id',
    {
      schema: {
        summary: 'A return order',
        description:
          'One return however many channels it was seen through (placement webhook, delta poll, RVP tracking, ' +
          'Increff QC). The id is the return id, or any of its identity keys (ref:<return reference>, ' +
          'awb:<cpId>:<pickup waybill>, a provisional req:… id it had before its reference was known).',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 400, pattern: '\\S' }) }),
        response: { 200: ReturnBody, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const order = await readReturn(pool, tables, request.params.id);
      if (!order) {
        return reply
          .code(404)
          .send({ error: 'not-found', message: `no return ${JSON.stringify(request.params.id)}` });
      }
      return withPickup(order);
    },
  );

  app.get(
    '/returns',
    {
      schema: {
        summary: 'Returns by a link',
        description: 'Exactly one of forwardAwb, forwardReference, returnReference. Oldest first.',
        querystring: ReturnQuery,
        response: { 200: ReturnList, 400: ErrorBody },
      },
    },
    async (request, reply) => {
      const { limit = 100, ...links } = request.query;
      const given = Object.entries(links).filter(([, value]) => value !== undefined);
      if (given.length !== 1) {
        const message = 'give exactly one of forwardAwb, forwardReference, returnReference';
        return reply.code(400).send({
          error: 'bad-request',
          message,
          problems: [
            {
              parameter:
                given.length === 0 ? 'querystring' : given.map(([name]) => `querystring.${name}`).join(', '),
              message,
            },
          ],
        });
      }
      const [name, value] = given[0] as [string, string];
      const lookup = { [name]: value } as ReturnLookup;
      const returns = await findReturns(pool, tables, lookup, limit);
      return { returns: await Promise.all(returns.map(withPickup)) };
    },
  );

  app.get(
    '/dlq',
    {
      schema: {
        summary: 'Recent rejections',
        description:
          'Deliveries the pipeline could not use, most recent first, with the machine-readable reason.',
        querystring: DlqQuery,
        response: { 200: DlqBody, 400: ErrorBody },
      },
    },
    async (request) => {
      const { limit = 50, reason, source, includeEnvelope = false } = request.query;
      const rejections = await readRejections(pool, tables, {
        limit,
        ...(reason ? { reason } : {}),
        ...(source ? { source } : {}),
      });
      return {
        rejections: rejections.map(({ envelope, ...rejection }) =>
          includeEnvelope ? { ...rejection, envelope: JSON.parse(envelope) as unknown } : rejection,
        ),
      };
    },
  );
}
