/**
 * One load-generator process of the ingress benchmark (forked by bench/ingress.ts, never run alone):
 * builds its slice of the benchmark's requests (ingress-load.ts), then, for each scenario the parent
 * names, runs autocannon against it (warm-up, then the measured run) and reports its counts, every
 * 2xx latency and the CPU it used itself while measuring, so the parent can tell whether it was the limit.
 *
 * Messages in: { type: 'prepare', spec, index, count } once, then { type: 'run', url, connections,
 * warmup, duration } per scenario. Out: { type: 'ready', requests }, { type: 'measuring' },
 * { type: 'done', result }.
 */
import { createRequire } from 'node:module';
import { type BenchRequest, benchRequests, type LoadSpec, sliceFor } from './ingress-load';

/** The slice of autocannon's API used here (the package ships no types). */
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
interface AutocannonInstance extends PromiseLike<AutocannonResult> {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, ms: number) => void,
  ): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface GeneratorResult {
  duration: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Latency of every 2xx answer of the measured run, ms. */
  latencies: number[];
  cpuSeconds: number;
  wallSeconds: number;
}

export type GeneratorMessage =
  | { type: 'prepare'; spec: LoadSpec; index: number; count: number }
  | { type: 'run'; url: string; connections: number; warmup: number; duration: number };

let requests: BenchRequest[] = [];
/** Shared by all connections of this process: each request is the next delivery of the slice. */
let next = 0;

function fire(url: string, connections: number, duration: number): AutocannonInstance {
  return autocannon({
    url,
    connections,
    duration,
    timeout: 10,
    requests: [
      {
        setupRequest: (request: Record<string, unknown>) => {
          const delivery = requests[next++ % requests.length] as BenchRequest;
          return {
            ...request,
            method: delivery.method,
            path: delivery.path,
            headers: delivery.headers,
            body: delivery.body,
          };
        },
      },
    ],
  });
}

async function run(message: Extract<GeneratorMessage, { type: 'run' }>): Promise<GeneratorResult> {
  await fire(message.url, message.connections, message.warmup);
  process.send?.({ type: 'measuring' });
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const instance = fire(message.url, message.connections, message.duration);
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const result = await instance;
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    duration: result.duration,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    latencies,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    wallSeconds,
  };
}

process.on('message', (message: GeneratorMessage) => {
  if (message.type === 'prepare') {
    requests = sliceFor(benchRequests(message.spec), message.index, message.count);
    process.send?.({ type: 'ready', requests: requests.length });
    return;
  }
  run(message).then(
    (result) => process.send?.({ type: 'done', result }),
    (error: unknown) => {
      console.error('load generator failed', error);
      process.exit(1);
    },
  );
});
process.once('SIGTERM', () => process.exit(0));
