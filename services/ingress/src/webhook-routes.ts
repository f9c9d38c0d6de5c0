import type { DlqRecord, Source } from '@shipfold/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { type DeliveryWriter, RecordTooLarge } from './delivery-writer';
import { buildEnvelope } from './envelope';
import { readJsonBody } from './json-body';
import type { IngressMetrics } from './metrics';
import { partitionKey } from './partition-key';
import { type ErrorCode, errorBody, webhookResponses } from './route-schemas';
import { secretMatcher } from './secret-matcher';
import type { WebhookSource } from './webhook-sources';

export interface WebhookRoutesOptions {
  sources: WebhookSource[];
  writer: DeliveryWriter;
  metrics: IngressMetrics;
  /** Largest accepted body, in bytes. */
  maxBodyBytes: number;
  /** Sent with every 503, so senders back off instead of hammering a Kafka outage. */
  retryAfterSeconds: number;
  now?: () => Date;
  newDeliveryId?: () => string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The webhook source a route serves (for metrics). */
    webhookSource?: Source;
  }
  interface FastifyRequest {
    /** Set once a delivery id is given, for the request's log line. */
    deliveryId?: string;
  }
}

/** application/json and structured-syntax JSON types such as application/merge-patch+json. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.!#$&^-]+\+)?json(?:\s*;|$)/i;

const send = (reply: FastifyReply, status: number, code: ErrorCode, message: string, deliveryId?: string) =>
  reply.code(status).send(errorBody(code, message, deliveryId));

/**
 * The webhook routes (register with prefix /v1/webhooks). A delivery is answered 2xx only
 * after the writer reports it durably written; the body is recorded as the bytes received.
 */
export async function webhookRoutes(app: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  const now = options.now ?? (() => new Date());
  const newDeliveryId = options.newDeliveryId ?? uuidv7;
  const secretHeaders = new Set(options.sources.map((source) => source.secretHeader));

  // Bodies stay bytes: they are recorded exactly as received and parsed only to be checked.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    JSON_MEDIA_TYPE,
    { parseAs: 'buffer', bodyLimit: options.maxBodyBytes },
    (_request, body, done) => done(null, body),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(
          reply,
          415,
          'unsupported-media-type',
          'expected a JSON body (Content-Type: application/json)',
        );
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, 'payload-too-large', `body larger than ${options.maxBodyBytes} bytes`);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return send(reply, status, 'bad-request', error.message);
    request.log.error({ err: error }, 'webhook request failed');
    return send(reply, 500, 'internal-error', 'internal error');
  });
  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'not-found', `no webhook route ${request.method} ${request.url}`),
  );
  // Requests in flight when shutdown starts still get their answers; their keep-alive
  // connections must then close, or the server would wait for them to time out.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });

  app.decorateRequest('deliveryId', undefined);
  app.addHook('onResponse', async (request, reply) => {
    const source = request.routeOptions.config.webhookSource;
    if (source === undefined) return;
    options.metrics.countRequest(source, reply.statusCode);
    const { deliveryId, log } = request;
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    log.info({ source, deliveryId, statusCode: reply.statusCode, ms }, 'webhook answered');
  });

  for (const source of options.sources) {
    const authorized = secretMatcher(source.secrets);

    const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
      if (authorized(source.credential(request.headers))) return;
      request.log.warn({ source: source.source }, 'webhook refused: missing or wrong credentials');
      // Answered before the body is read: an unauthenticated sender cannot make us buffer it.
      reply.header('connection', 'close');
      return send(reply, 401, 'unauthorized', `missing or wrong credentials in ${source.secretHeader}`);
    };

    const receive = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!Buffer.isBuffer(request.body)) {
        return send(
          reply,
          415,
          'unsupported-media-type',
          'expected a JSON body (Content-Type: application/json)',
        );
      }
      const bytes = request.body;
      const deliveryId = newDeliveryId();
      request.deliveryId = deliveryId;
      const receivedAt = now();
      const json = readJsonBody(bytes);
      const receipt = {
        deliveryId,
        source: source.source,
        receivedAt,
        headers: request.headers,
        bytes,
        text: json.text,
        utf8: json.ok || json.utf8,
        partitionKey: json.ok ? partitionKey(source.keyedAs, json.value, deliveryId) : deliveryId,
      };
      const envelope = buildEnvelope(receipt, secretHeaders);
      try {
        if (json.ok) {
          await options.writer.writeRaw(envelope);
        } else {
          const rejection: DlqRecord = {
            deliveryId,
            stage: 'ingress',
            reason: 'malformed-json',
            detail: json.problem,
            path: null,
            rejectedAt: receivedAt.toISOString(),
            envelope,
          };
          await options.writer.writeDlq(rejection);
        }
      } catch (error) {
        if (error instanceof RecordTooLarge) {
          request.log.warn(
            { deliveryId, source: source.source, bytes: error.bytes },
            'delivery too large for Kafka',
          );
          return send(reply, 413, 'payload-too-large', `${error.message}; not written`);
        }
        // Not known to be written: the sender must retry, so never 2xx (nor 400, which ends retries).
        request.log.warn({ err: error, deliveryId, source: source.source }, 'delivery not written');
        reply.header('retry-after', String(options.retryAfterSeconds));
        return send(reply, 503, 'unavailable', 'delivery not written; retry later');
      }
      if (!json.ok) {
        return send(
          reply,
          400,
          'malformed-json',
          `${json.problem}; kept on the dead-letter topic`,
          deliveryId,
        );
      }
      return source.emptyAnswer ? reply.code(200).send() : reply.code(200).send({ deliveryId });
    };

    app.post(
      source.path,
      {
        config: { webhookSource: source.source },
        // The documented payload is not validated: any JSON is recorded as received, so a vendor
        // adding fields or changing a type never makes ingress refuse a delivery.
        validatorCompiler: () => () => true,
        schema: {
          summary: source.summary,
          body: source.payload,
          response: webhookResponses(source.emptyAnswer),
        },
        onRequest: authenticate,
      },
      receive,
    );
  }
}
