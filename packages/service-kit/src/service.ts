import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Registry } from 'prom-client';
import { keepTrying } from './keep-trying';
import { loggerOptions } from './logger';
import { createMetrics } from './metrics';

export type ServiceApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface ServiceOptions {
  name: string;
  host: string;
  port: number;
  logLevel: string;
  /** Readiness: true once the service can do its job (e.g. its producer is connected). */
  isReady?: () => boolean | Promise<boolean>;
  /** Names of extra request headers that carry secrets (redacted from logs). */
  secretHeaders?: string[];
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream;
  /** Version shown in the OpenAPI document at /openapi.json. */
  version?: string;
  /** Passed through to Fastify (e.g. `bodyLimit`). */
  fastify?: Omit<FastifyServerOptions, 'logger'>;
}

export interface Service {
  app: ServiceApp;
  metrics: Registry;
  log: FastifyBaseLogger;
  /** Registers cleanup that runs on shutdown, after the HTTP server stopped taking requests; last added runs first. */
  onShutdown(hook: () => Promise<void> | void): void;
  start(): Promise<string>;
  stop(): Promise<void>;
  /**
   * Stops gracefully on SIGTERM and SIGINT: requests in flight are answered (new ones get 503), the
   * shutdown hooks run, and the process exits 0; after `deadlineMs` it exits 1 whatever still runs.
   */
  stopOnSignals(deadlineMs?: number): void;
  /** True once stop() was called. */
  isStopping(): boolean;
  /**
   * Runs `attempt` until it succeeds (true) or the service stops (false), with backoff and one log
   * line per change of state: how a service waits for a dependency that is away.
   */
  keepTrying(what: string, attempt: () => Promise<unknown>): Promise<boolean>;
  /**
   * Ends the process after a failure it cannot recover from by itself: logs it, stops cleanly within
   * `deadlineMs`, and exits with code 1 so that its supervisor restarts it.
   */
  exitOnFatal(error: unknown, deadlineMs?: number): void;
}

/** How long a graceful shutdown (SIGTERM) may take before the process exits anyway. */
export const SHUTDOWN_DEADLINE_MS = 20_000;

/** How long a shutdown after a fatal failure may take before the process exits anyway. */
export const FATAL_SHUTDOWN_DEADLINE_MS = 10_000;

export function createService(options: ServiceOptions): Service {
  const app = Fastify({
    ...options.fastify,
    logger: {
      ...loggerOptions(options.name, options.logLevel, options.secretHeaders),
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as ServiceApp;
  // Routes must be declared in plugins registered after this one (Fastify's plugin order),
  // so that every route's TypeBox schema reaches the OpenAPI document.
  void app.register(swagger, {
    openapi: { info: { title: `shipfold ${options.name}`, version: options.version ?? '0.1.0' } },
  });
  const metrics = createMetrics(app, options.name);
  const hooks: Array<() => Promise<void> | void> = [];
  let stopping: Promise<void> | undefined;

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const ready = stopping === undefined && (options.isReady ? await options.isReady() : true);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready' });
  });

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await app.close();
      for (const hook of hooks.reverse()) {
        try {
          await hook();
        } catch (error) {
          app.log.error({ err: error }, 'shutdown hook failed');
        }
      }
    })();
    return stopping;
  };

  return {
    app,
    metrics,
    log: app.log,
    onShutdown: (hook) => hooks.push(hook),
    start: () => app.listen({ host: options.host, port: options.port }),
    stop,
    isStopping: () => stopping !== undefined,
    keepTrying: (what, attempt) =>
      keepTrying(what, attempt, { log: app.log, stopped: () => stopping !== undefined }),
    exitOnFatal(error, deadlineMs = FATAL_SHUTDOWN_DEADLINE_MS) {
      app.log.fatal({ err: error }, 'cannot recover by itself: stopping, then exiting with code 1');
      // Code 1 however the process ends: by the deadline, after the stop, or by an emptied event loop.
      process.exitCode = 1;
      setTimeout(() => process.exit(1), deadlineMs);
      stop().finally(() => process.exit(1));
    },
    stopOnSignals(deadlineMs = SHUTDOWN_DEADLINE_MS) {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          app.log.info({ signal, deadlineMs }, 'shutting down');
          // A shutdown that hangs (a broker or database that stopped answering) must not keep the
          // process, and its supervisor's restart, waiting for ever.
          setTimeout(() => {
            app.log.error({ deadlineMs }, 'shutdown did not finish within its deadline; exiting');
            process.exit(1);
          }, deadlineMs).unref();
          stop().then(
            () => process.exit(0),
            (error) => {
              app.log.error({ err: error }, 'shutdown failed');
              process.exit(1);
            },
          );
        });
      }
    },
  };
}
