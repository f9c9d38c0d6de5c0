/**
 * Ingress throughput benchmark (`npm run bench:ingress`): one run, on this machine, over
 * 127.0.0.1, measures with autocannon
 *   (a) ceiling:  an empty Fastify route taking the same JSON body,
 *   (b) baseline: that route with one naive kafkajs `send()` (acks = all) per request,
 *   (c) ingress:  the ingress as built (auth, envelope, registry encoding, shared produce batches),
 * and prints requests/s and p50/p99 latency for each, and the ratios c/a and c/b.
 *
 * Each server runs alone in its own child process while it is measured; autocannon runs here.
 * Needs Kafka and the schema registry (KAFKA_BROKERS, SCHEMA_REGISTRY_URL; local stack defaults).
 * Options: --duration <s> (default 10), --warmup <s> (default 3), --connections <n> (default 100).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { topicNames, topicSpecs, valueSubject } from '@shipfold/contracts';
import { createIngress, loadIngressConfig } from '@shipfold/ingress';
import { createKafka, createProducer, ensureTopics } from '@shipfold/kafka';
import { fixture } from '@shipfold/test-support';
import Fastify from 'fastify';

type Scenario = 'ceiling' | 'baseline' | 'ingress';
const SCENARIOS: Scenario[] = ['ceiling', 'baseline', 'ingress'];
const WEBHOOK_KEY = 'bench-only-clickpost-webhook-key';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REGISTRY_URL = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';

/** The slice of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  latency: { p50: number; p99: number; average: number };
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/**
 * A published Clickpost webhook (about 1 KB), the same bytes on every request: varying them would
 * cost the load generator, which shares the machine's cores with the servers it measures.
 */
const payload = (): Buffer => Buffer.from(fixture('clickpost/clickpost_webhook_selected-delivered_1.json'));

// ---------------------------------------------------------------- servers (child processes)

async function serve(scenario: Scenario, topicPrefix: string): Promise<string> {
  const topic = topicNames(topicPrefix).raw;
  if (scenario === 'ingress') {
    const config = loadIngressConfig({
      ...process.env,
      TOPIC_PREFIX: topicPrefix,
      PORT: '0',
      LOG_LEVEL: 'warn',
      CLICKPOST_WEBHOOK_KEYS: WEBHOOK_KEY,
    });
    const ingress = createIngress(config);
    const address = await ingress.start();
    const deadline = Date.now() + 30_000;
    while (!ingress.isReady()) {
      if (Date.now() > deadline)
        throw new Error('ingress not connected to Kafka and the registry within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return `${address}/v1/webhooks/clickpost`;
  }
  const app = Fastify({ logger: false });
  if (scenario === 'ceiling') {
    app.post('/bench', async () => ({ ok: true }));
  } else {
    const producer = createProducer(createKafka({ brokers: BROKERS, clientId: 'bench-naive' }));
    await producer.connect();
    app.post('/bench', async (request) => {
      const body = request.body as { waybill?: string };
      await producer.send({
        topic,
        acks: -1,
        messages: [{ key: body.waybill ?? null, value: JSON.stringify(request.body) }],
      });
      return { ok: true };
    });
  }
  return `${await app.listen({ host: '127.0.0.1', port: 0 })}/bench`;
}

// ---------------------------------------------------------------- driver

function startServer(scenario: Scenario, topicPrefix: string): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', scenario, '--prefix', topicPrefix], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve({ child, url: message.url }));
    child.once('exit', (code) => reject(new Error(`${scenario} server exited with ${code}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function measure(url: string, options: { duration: number; warmup: number; connections: number }) {
  const headers = { 'content-type': 'application/json', webhook_key: WEBHOOK_KEY };
  const body = payload();
  const run = (duration: number) =>
    autocannon({
      url,
      method: 'POST',
      headers,
      body,
      connections: options.connections,
      duration,
      timeout: 10,
    });
  await run(options.warmup);
  const result = await run(options.duration);
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  } satisfies Figures;
}

/** Best effort: soft, then permanent deletion (Confluent API) of the subjects the run registered. */
async function deleteSubjects(subjects: string[]): Promise<void> {
  for (const subject of subjects) {
    const url = `${REGISTRY_URL}/subjects/${encodeURIComponent(subject)}`;
    await fetch(url, { method: 'DELETE' }).catch(() => undefined);
    await fetch(`${url}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '100' },
    },
  });
  const options = {
    duration: Number(values.duration),
    warmup: Number(values.warmup),
    connections: Number(values.connections),
  };
  // A prefix of its own: the run's topics and registry subjects are deleted at its end.
  const topicPrefix = `bench-${randomBytes(3).toString('hex')}`;
  const names = topicNames(topicPrefix);
  const kafka = createKafka({ brokers: BROKERS, clientId: 'bench-admin' });
  await ensureTopics(kafka, topicSpecs(names, { partitions: 6, replicationFactor: 1 }));

  console.log(
    `ingress benchmark: node ${process.version}, ${os.cpus().length} cpus, load ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(
        ' ',
      )}; ${options.connections} connections, ${options.warmup} s warm-up + ${options.duration} s each`,
  );
  const figures = {} as Record<Scenario, Figures>;
  try {
    for (const scenario of SCENARIOS) {
      const { child, url } = await startServer(scenario, topicPrefix);
      try {
        figures[scenario] = await measure(url, options);
      } finally {
        await stopServer(child);
      }
      const f = figures[scenario];
      console.log(
        `${scenario.padEnd(9)} ${f.rps.toFixed(0).padStart(7)} req/s (2xx)   p50 ${String(f.p50).padStart(4)} ms   ` +
          `p99 ${String(f.p99).padStart(4)} ms   non-2xx ${f.non2xx}   errors ${f.errors}`,
      );
    }
  } finally {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(names) }).catch(() => undefined);
    await admin.disconnect();
    await deleteSubjects(Object.values(names).map(valueSubject));
  }
  const { ceiling, baseline, ingress } = figures;
  const cOverA = ingress.rps / ceiling.rps;
  const cOverB = ingress.rps / baseline.rps;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`c/a = ${cOverA.toFixed(2)} (aim ≥ 0.35: ${verdict(cOverA >= 0.35)})`);
  console.log(`c/b = ${cOverB.toFixed(1)} (aim ≥ 10: ${verdict(cOverB >= 10)})`);
  console.log(`ingress p99 = ${ingress.p99} ms (aim ≤ 50 ms: ${verdict(ingress.p99 <= 50)})`);
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  const scenario = process.argv[serveIndex + 1] as Scenario;
  const prefix = process.argv[process.argv.indexOf('--prefix') + 1] as string;
  const url = await serve(scenario, prefix);
  process.send?.({ url });
  process.once('SIGTERM', () => process.exit(0));
} else {
  await main();
}
