import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterEach, describe, expect, it } from 'vitest';
import { createRegistry } from '../src/index';

/** A registry stand-in on 127.0.0.1 that leaves the requests `answer` declines unanswered. */
async function fakeRegistry(answer: (request: IncomingMessage, index: number) => boolean) {
  const sockets = new Set<Socket>();
  const paths: string[] = [];
  const methods: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    paths.push(request.url ?? '');
    methods.push(request.method ?? '');
    if (!answer(request, paths.length - 1)) return; // never answered
    response.writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
    // Enough of every answer this client reads: schema lookups, registrations, subject configs.
    response.end(
      JSON.stringify({ id: 7, version: 1, subject: 's', schema: '{}', compatibilityLevel: 'BACKWARD' }),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return { url, paths, methods, close };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('the schema registry client', () => {
  it('abandons a request the registry never answers and retries it', async () => {
    const registry = await fakeRegistry((_request, index) => index > 0);
    close = registry.close;
    const client = createRegistry(registry.url, { requestTimeoutMs: 200 });
    await expect(client.getLatestSchemaId('s')).resolves.toBe(7);
    expect(registry.paths).toEqual(['/subjects/s/versions/latest', '/subjects/s/versions/latest']);
  });

  it('retries a registration that timed out (registering is idempotent)', async () => {
    // The subject's config is read first; the registration (POST) is left unanswered once.
    const registry = await fakeRegistry((_request, index) => index !== 1);
    close = registry.close;
    const client = createRegistry(registry.url, { requestTimeoutMs: 200 });
    await expect(
      client.register({ type: SchemaType.JSON, schema: '{}' }, { subject: 's' }),
    ).resolves.toMatchObject({ id: 7 });
    expect(registry.methods).toEqual(['GET', 'POST', 'POST']);
  });

  it('fails, rather than hangs, when the registry answers nothing at all', async () => {
    const registry = await fakeRegistry(() => false);
    close = registry.close;
    const client = createRegistry(registry.url, { requestTimeoutMs: 100 });
    await expect(client.getLatestSchemaId('s')).rejects.toThrow(/Timeout/);
    // The first attempt and the client's three retries.
    expect(registry.paths).toHaveLength(4);
  });
});
