/**
 * Ingress throughput benchmark (`npm run bench:ingress`): one run, on this machine, over
 * 127.0.0.1, measures with autocannon
 *   (a) ceiling:  an empty Fastify route at each webhook path, taking the same requests,
 *   (b) baseline: those routes with one naive kafkajs `send()` (acks = all) per request,
 *   (c) ingress:  the ingress as built (auth, envelope, registry encoding, shared produce batches),
 *                 at its default log level (info: a line per webhook) unless --log-level says otherwise,
 * and prints requests/s and p50/p99 latency for each, and the ratios c/a and c/b.
 *
 * Fair conditions: the requests are realistic and varied: every valid delivery of a load-harness
 * world (Clickpost scans and return placements, Redo return events, Increff QC callbacks, with the
 * vendors' disorder and duplicates), so thousands of bodies and partition keys, not one. They are sent
 * by --generators autocannon processes (default 2), each with its share of the connections and an
 * interleaved slice of the deliveries; the same processes and requests serve all three scenarios. Each
 * generator measures the CPU it used itself: one above 90% of a core is flagged, as the figure may then
 * be the generator's limit rather than the server's. The server's own CPU, and the machine's, are shown.
 *
 * Each server runs alone in its own child process while it is measured; its log lines are read (and
 * counted) by this process, as a log collector would. Needs Kafka and the schema registry
 * (KAFKA_BROKERS, SCHEMA_REGISTRY_URL; local stack defaults). Options: see --help.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { topicNames, topicSpecs, valueSubject } from '@shipfold/contracts';
import { createIngress, type KeyedSource, loadIngressConfig, partitionKey } from '@shipfold/ingress';
import { createKafka, createProducer, ensureTopics } from '@shipfold/kafka';
import { WEBHOOK_PATHS } from '@shipfold/load-harness';
import Fastify from 'fastify';
import type { GeneratorMessage, GeneratorResult } from './ingress-generator';
import {
  BENCH_CREDENTIALS,
  benchRequests,
  coreShare,
  describeRequests,
  type LoadSpec,
  percentile,
  SATURATED_SHARE,
  saturationWarnings,
} from './ingress-load';
import { machineCpu } from './machine-cpu';

type Scenario = 'ceiling' | 'baseline' | 'ingress';
const SCENARIOS: Scenario[] = ['ceiling', 'baseline', 'ingress'];
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const REGISTRY_URL = process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';

const HELP = `npm run bench:ingress -- [options]

Measures (a) an empty Fastify route, (b) a naive one-send()-per-request route and (c) the ingress,
each alone in a child process, with the same realistic requests (Clickpost, Redo and Increff
deliveries of a load-harness world) from the same autocannon processes; prints req/s, p50/p99, the
CPU of each generator (flagged above 90% of a core), the server's and the machine's, and c/a, c/b.

Options:
  --duration <s>      measured seconds per scenario (default 10)
  --warmup <s>        warm-up seconds before each measurement (default 3)
  --connections <n>   connections in all, shared among the generators (default 100)
  --generators <n>    autocannon processes (default 2)
  --shipments <n>     forward shipments of the world the deliveries come from (default 5000)
  --log-level <level> the ingress's LOG_LEVEL (default: its own default, info)
  --help              this text
`;

// ---------------------------------------------------------------- servers (child processes)

/** The routes the vendors post to, with the source whose partition key a naive route would use. */
const ROUTES = Object.entries(WEBHOOK_PATHS) as [KeyedSource, string][];

async function serve(scenario: Scenario, topicPrefix: string, logLevel: string | undefined): Promise<string> {
  const topic = topicNames(topicPrefix).raw;
  if (scenario === 'ingress') {
    const { LOG_LEVEL: _inherited, ...env } = process.env;
    const config = loadIngressConfig({
      ...env,
      ...(logLevel === undefined ? {} : { LOG_LEVEL: logLevel }),
      TOPIC_PREFIX: topicPrefix,
      PORT: '0',
      CLICKPOST_WEBHOOK_KEYS: BENCH_CREDENTIALS.clickpostWebhookKey,
      REDO_WEBHOOK_TOKENS: BENCH_CREDENTIALS.redoBearerToken,
      INCREFF_CALLBACK_HEADER: BENCH_CREDENTIALS.increffHeader,
      INCREFF_CALLBACK_SECRETS: BENCH_CREDENTIALS.increffSecret,
    });
    const ingress = createIngress(config);
    const address = await ingress.start();
    const deadline = Date.now() + 30_000;
    while (!ingress.isReady()) {
      if (Date.now() > deadline)
        throw new Error('ingress not connected to Kafka and the registry within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return address;
  }
  const app = Fastify({ logger: false });
  if (scenario === 'ceiling') {
    for (const [, path] of ROUTES) app.post(path, async () => ({ ok: true }));
  } else {
    const producer = createProducer(createKafka({ brokers: BROKERS, clientId: 'bench-naive' }));
    await producer.connect();
    for (const [source, path] of ROUTES) {
      app.post(path, async (request) => {
        await producer.send({
          topic,
          acks: -1,
          messages: [
            { key: partitionKey(source, request.body, randomUUID()), value: JSON.stringify(request.body) },
          ],
        });
        return { ok: true };
      });
    }
  }
  return app.listen({ host: '127.0.0.1', port: 0 });
}

// ---------------------------------------------------------------- driver

interface Server {
  child: ChildProcess;
  url: string;
  /** Lines and bytes the server wrote to stdout (its log) so far. */
  logged: { lines: number; bytes: number };
}

function startServer(scenario: Scenario, topicPrefix: string, logLevel: string | undefined): Promise<Server> {
  const child = fork(
    fileURLToPath(import.meta.url),
    [
      '--serve',
      scenario,
      '--prefix',
      topicPrefix,
      ...(logLevel === undefined ? [] : ['--log-level', logLevel]),
    ],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  const logged = { lines: 0, bytes: 0 };
  child.stdout?.on('data', (chunk: Buffer) => {
    logged.bytes += chunk.length;
    for (const byte of chunk) if (byte === 10) logged.lines++;
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve({ child, url: message.url, logged }));
    child.once('exit', (code) => reject(new Error(`${scenario} server exited with ${code}`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** The server process's CPU time so far, in seconds (it answers over IPC). */
async function serverCpu(child: ChildProcess): Promise<number> {
  const answer = once(child, 'message') as Promise<[{ cpuSeconds: number }]>;
  child.send({ type: 'cpu' });
  return (await answer)[0].cpuSeconds;
}

interface Generator {
  child: ChildProcess;
  /** Messages not yet taken, and waiters for the next one. */
  inbox: { type: string; result?: GeneratorResult; requests?: number }[];
  waiting: ((message: Generator['inbox'][number]) => void)[];
}

function startGenerator(): Generator {
  const child = fork(fileURLToPath(new URL('./ingress-generator.ts', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const generator: Generator = { child, inbox: [], waiting: [] };
  child.on('message', (message: Generator['inbox'][number]) => {
    const waiter = generator.waiting.shift();
    if (waiter) waiter(message);
    else generator.inbox.push(message);
  });
  child.once('exit', (code) => {
    if (code !== 0 && code !== null) {
      console.error(`a load generator exited with ${code}`);
      process.exit(1);
    }
  });
  return generator;
}

/** The generator's next message, which must be of `type`. */
async function nextMessage(generator: Generator, type: string): Promise<Generator['inbox'][number]> {
  const message =
    generator.inbox.shift() ??
    (await new Promise<Generator['inbox'][number]>((resolve) => generator.waiting.push(resolve)));
  if (message.type !== type) throw new Error(`load generator: expected ${type}, got ${message.type}`);
  return message;
}

const send = (generator: Generator, message: GeneratorMessage) => generator.child.send(message);

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  generators: { cpuSeconds: number; wallSeconds: number }[];
  /** Share of one core the server process used while measured. */
  serverShare: number;
  /** Share of the machine's CPU that was busy while measured, if known. */
  machineBusy: number | null;
  logged: { lines: number; bytes: number };
}

async function measure(
  server: Server,
  generators: readonly Generator[],
  options: { duration: number; warmup: number; connections: number },
): Promise<Figures> {
  generators.forEach((generator, index) => {
    // Connections shared as evenly as they go.
    const connections =
      Math.floor(options.connections / generators.length) +
      (index < options.connections % generators.length ? 1 : 0);
    send(generator, {
      type: 'run',
      url: server.url,
      connections,
      warmup: options.warmup,
      duration: options.duration,
    });
  });
  // The measured runs start together after the same warm-up: sample the server's CPU when the first does.
  await nextMessage(generators[0] as Generator, 'measuring');
  const cpuBefore = await serverCpu(server.child);
  const machineBefore = await machineCpu();
  const loggedBefore = { ...server.logged };
  const started = process.hrtime.bigint();
  for (const generator of generators.slice(1)) await nextMessage(generator, 'measuring');
  const results: GeneratorResult[] = [];
  for (const generator of generators) {
    results.push((await nextMessage(generator, 'done')).result as GeneratorResult);
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = await serverCpu(server.child);
  const machineAfter = await machineCpu();
  const latencies = results.flatMap((result) => result.latencies);
  return {
    rps: results.reduce((sum, result) => sum + result.ok / result.duration, 0),
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    generators: results.map(({ cpuSeconds, wallSeconds: seconds }) => ({ cpuSeconds, wallSeconds: seconds })),
    serverShare: (cpuAfter - cpuBefore) / wallSeconds,
    machineBusy:
      machineBefore && machineAfter
        ? (machineAfter.busy - machineBefore.busy) / (machineAfter.total - machineBefore.total)
        : null,
    logged: {
      lines: server.logged.lines - loggedBefore.lines,
      bytes: server.logged.bytes - loggedBefore.bytes,
    },
  };
}

/** Best effort: soft, then permanent deletion (Confluent API) of the subjects the run registered. */
async function deleteSubjects(subjects: string[]): Promise<void> {
  for (const subject of subjects) {
    const url = `${REGISTRY_URL}/subjects/${encodeURIComponent(subject)}`;
    await fetch(url, { method: 'DELETE' }).catch(() => undefined);
    await fetch(`${url}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
  }
}

const percent = (share: number) => `${Math.round(100 * share)}%`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '3' },
      connections: { type: 'string', default: '100' },
      generators: { type: 'string', default: '2' },
      shipments: { type: 'string', default: '5000' },
      'log-level': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const options = {
    duration: Number(values.duration),
    warmup: Number(values.warmup),
    connections: Number(values.connections),
  };
  const generatorCount = Number(values.generators);
  if (![options.duration, options.warmup, options.connections, generatorCount].every((n) => n > 0)) {
    process.stderr.write(`--duration, --warmup, --connections and --generators must be positive\n\n${HELP}`);
    process.exit(2);
  }
  const spec: LoadSpec = { seed: 'bench-ingress', shipments: Number(values.shipments) };
  const logLevel = values['log-level'];

  // A prefix of its own: the run's topics and registry subjects are deleted at its end.
  const topicPrefix = `bench-${randomBytes(3).toString('hex')}`;
  const names = topicNames(topicPrefix);
  const kafka = createKafka({ brokers: BROKERS, clientId: 'bench-admin' });
  await ensureTopics(kafka, topicSpecs(names, { partitions: 6, replicationFactor: 1 }));

  console.log(
    `ingress benchmark: node ${process.version}, ${os.cpus().length} cpus, load ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}; ${options.connections} connections from ${generatorCount} autocannon processes, ` +
      `${options.warmup} s warm-up + ${options.duration} s each; ingress LOG_LEVEL ${logLevel ?? 'default (info)'}`,
  );
  console.log(`requests: ${describeRequests(benchRequests(spec))}, cycled by each generator`);
  const generators = Array.from({ length: generatorCount }, () => startGenerator());
  const figures = {} as Record<Scenario, Figures>;
  try {
    generators.forEach((generator, index) => {
      send(generator, { type: 'prepare', spec, index, count: generatorCount });
    });
    for (const generator of generators) await nextMessage(generator, 'ready');
    for (const scenario of SCENARIOS) {
      const server = await startServer(scenario, topicPrefix, logLevel);
      try {
        figures[scenario] = await measure(server, generators, options);
      } finally {
        await stopServer(server.child);
      }
      const f = figures[scenario];
      console.log(
        `${scenario.padEnd(9)} ${f.rps.toFixed(0).padStart(7)} req/s (2xx)   p50 ${f.p50.toFixed(1).padStart(5)} ms   ` +
          `p99 ${f.p99.toFixed(1).padStart(5)} ms   non-2xx ${f.non2xx}   errors ${f.errors}`,
      );
      console.log(
        `          cpu: generators ${f.generators.map((generator) => percent(coreShare(generator))).join(' + ')} of a core, ` +
          `server ${percent(f.serverShare)} of a core` +
          (f.machineBusy === null
            ? ''
            : `, machine's ${os.cpus().length} cores ${percent(f.machineBusy)} busy`) +
          (f.logged.lines > 0
            ? `; server logged ${f.logged.lines} lines (${(f.logged.bytes / 1e6).toFixed(1)} MB)`
            : ''),
      );
      for (const warning of saturationWarnings(f.generators)) console.log(`          SATURATED: ${warning}`);
    }
  } finally {
    for (const generator of generators) generator.child.kill('SIGTERM');
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
  console.log(`ingress p99 = ${ingress.p99.toFixed(1)} ms (aim ≤ 50 ms: ${verdict(ingress.p99 <= 50)})`);
  const saturated = SCENARIOS.filter(
    (scenario) => saturationWarnings(figures[scenario].generators).length > 0,
  );
  console.log(
    saturated.length === 0
      ? `load generators: none above ${percent(SATURATED_SHARE)} of a core in any scenario`
      : `load generators: SATURATED in ${saturated.join(', ')}: those figures may be the generators' limit`,
  );
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) {
  const scenario = process.argv[serveIndex + 1] as Scenario;
  const prefix = process.argv[process.argv.indexOf('--prefix') + 1] as string;
  const levelIndex = process.argv.indexOf('--log-level');
  const url = await serve(scenario, prefix, levelIndex >= 0 ? process.argv[levelIndex + 1] : undefined);
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'cpu') return;
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuSeconds: (user + system) / 1e6 });
  });
  process.send?.({ url });
  process.once('SIGTERM', () => process.exit(0));
} else {
  await main();
}
