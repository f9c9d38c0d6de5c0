import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/** A local HTTP stub on 127.0.0.1 that records every request and answers with a programmable handler. */
export interface StubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  at: number;
}

export type StubHandler = (request: FastifyRequest, reply: FastifyReply, index: number) => unknown;

export interface Stub {
  baseUrl: string;
  requests: StubRequest[];
  handle(handler: StubHandler): void;
  close(): Promise<void>;
}

export async function startStub(): Promise<Stub> {
  const app: FastifyInstance = Fastify({ logger: false, forceCloseConnections: true });
  const requests: StubRequest[] = [];
  let handler: StubHandler = (_request, reply) => reply.code(500).send({});
  app.all('/*', async (request, reply) => {
    const index = requests.length;
    requests.push({
      method: request.method,
      path: request.url.split('?')[0] ?? '',
      query: request.query as Record<string, string>,
      body: request.body,
      at: performance.now(),
    });
    return handler(request, reply, index);
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    baseUrl: `${address}/api`,
    requests,
    handle(next) {
      handler = next;
    },
    close: () => app.close(),
  };
}
