import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { type TopicNames, toJsonSchema, topicValueSchemas, valueSubject } from '@shipfold/contracts';
import type { Response } from 'mappersmith';
import { TimeoutMiddleware } from 'mappersmith/middleware/timeout';

/**
 * A schema registry client whose requests cannot hang: without a timeout, one request the registry
 * never answered (seen once with Apicurio under load) stalled its caller for good. A timed-out
 * request is retried like a 5xx answer, by the client's own retry policy (3 retries, backoff).
 * Every request is retried, not only GETs (the policy's default): each one this client makes is
 * idempotent (registering a schema the subject already has returns its id), and a registration
 * that timed out once on a busy machine failed a whole test file.
 */
export const createRegistry = (url: string, { requestTimeoutMs = 10_000 } = {}): SchemaRegistry =>
  new SchemaRegistry({
    host: url,
    middlewares: [TimeoutMiddleware(requestTimeoutMs)],
    retry: {
      enableRetry: () => true,
      validateRetry: (response: Response) => response.status() >= 500 || isTimeout(response),
    },
  });

const isTimeout = (response: Response): boolean => /^Timeout \(/.test(response.error()?.message ?? '');

export interface TopicCodec {
  /** Registers every topic's value contract (BACKWARD compatibility) and remembers the ids. */
  register(): Promise<Record<string, number>>;
  /** Validates against the topic's contract and encodes in the Confluent wire format. */
  encode(topic: string, value: unknown): Promise<Buffer>;
  /** Decodes any Confluent-framed value, fetching (and caching) its schema by id. */
  decode(buffer: Buffer): Promise<unknown>;
}

/**
 * Two processes registering a new subject at once (the ingress and the normalizer at a first start)
 * both set its compatibility rule, and the registry answers the second 409 "rule already exists". The
 * rule is set by then, so registering again succeeds at once, instead of a logged failure and a
 * retry with backoff.
 */
const ruleSetConcurrently = (error: unknown): boolean =>
  (error as { status?: unknown }).status === 409 && /already exists/i.test(String((error as Error).message));

export function createCodec(registry: SchemaRegistry, names: TopicNames): TopicCodec {
  const schemas = topicValueSchemas(names);
  const ids = new Map<string, number>();

  return {
    async register() {
      for (const [topic, schema] of Object.entries(schemas)) {
        const register = () =>
          registry.register(
            { type: SchemaType.JSON, schema: JSON.stringify(toJsonSchema(schema)) },
            { subject: valueSubject(topic), compatibility: COMPATIBILITY.BACKWARD },
          );
        const { id } = await register().catch((error: unknown) => {
          if (ruleSetConcurrently(error)) return register();
          throw error;
        });
        ids.set(topic, id);
      }
      return Object.fromEntries(ids);
    },
    async encode(topic, value) {
      const id = ids.get(topic);
      if (id === undefined) throw new Error(`No schema registered for topic ${topic}; call register() first`);
      return registry.encode(id, value);
    },
    decode: (buffer) => registry.decode(buffer),
  };
}
