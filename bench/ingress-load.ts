/**
 * The requests of the ingress benchmark (`npm run bench:ingress`) and what is made of their results:
 * realistic deliveries from the load harness (Clickpost scans and return placements from the
 * simulator, Redo return events, Increff QC callbacks: many waybills and returns, so many partition
 * keys), split among the load-generator processes; latencies merged over them; and whether a
 * generator was the limit. Pure: the processes are in ingress.ts and ingress-generator.ts.
 */
import { partitionKey } from '@shipfold/ingress';
import {
  type Credentials,
  createLoad,
  type Vendor,
  vendorHeaders,
  WEBHOOK_PATHS,
} from '@shipfold/load-harness';

/** Bench-only secrets (the ingress refuses shorter ones). */
export const BENCH_CREDENTIALS: Credentials = {
  clickpostWebhookKey: 'bench-only-clickpost-webhook-key',
  redoBearerToken: 'bench-only-redo-bearer-token',
  increffHeader: 'x-increff-token',
  increffSecret: 'bench-only-increff-callback-secret',
};

/** The world the requests come from: the same for every generator process and every scenario. */
export interface LoadSpec {
  seed: string;
  /** Forward shipments on Clickpost; returns and Redo returns in proportion. */
  shipments: number;
}

export interface BenchRequest {
  vendor: Vendor;
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The Kafka key the ingress gives it (its partition). */
  partitionKey: string;
}

/** Fixed, so every process builds the same load: journeys end before it. */
const NOW = Date.UTC(2026, 5, 1);

/**
 * Every valid delivery of the load, as the vendors send it (disorder and duplicates included, none
 * dropped, none bad on purpose), in arrival order.
 */
export function benchRequests(spec: LoadSpec): BenchRequest[] {
  const load = createLoad({
    seed: spec.seed,
    clickpostApiKey: 'bench-only-clickpost-api-key',
    shipments: spec.shipments,
    returnRate: 0.3,
    redoReturns: Math.ceil(spec.shipments / 8),
    faults: {
      disorderRate: 0.3,
      maxDisplacement: 200,
      duplicateRate: 0.05,
      dropRate: 0,
      burstRate: 0.2,
      rvpReferenceRate: 0.5,
    },
    badRate: 0,
    now: NOW,
  });
  return load.deliveries.map((delivery, index) => ({
    vendor: delivery.vendor,
    method: 'POST',
    path: WEBHOOK_PATHS[delivery.vendor],
    headers: vendorHeaders(delivery.vendor, BENCH_CREDENTIALS),
    body: Buffer.from(delivery.body),
    partitionKey: partitionKey(delivery.vendor, JSON.parse(delivery.body), `delivery-${index}`),
  }));
}

/** Generator `index` of `count` sends every count-th request: the slices interleave, none repeats another. */
export const sliceFor = <T>(requests: readonly T[], index: number, count: number): T[] =>
  requests.filter((_, position) => position % count === index);

/** What the requests are made of, in one line. */
export function describeRequests(requests: readonly BenchRequest[]): string {
  const byVendor = new Map<Vendor, number>();
  for (const request of requests) byVendor.set(request.vendor, (byVendor.get(request.vendor) ?? 0) + 1);
  const sizes = requests.map((request) => request.body.length).sort((a, b) => a - b);
  const share = (count: number) => `${((100 * count) / requests.length).toFixed(1)}%`;
  return (
    `${requests.length} distinct deliveries (${[...byVendor].map(([vendor, count]) => `${vendor} ${share(count)}`).join(', ')}), ` +
    `${new Set(requests.map((request) => request.partitionKey)).size} partition keys, ` +
    `bodies ${sizes[0]}-${sizes.at(-1)} B (median ${sizes[Math.floor(sizes.length / 2)]})`
  );
}

/** The `share`-quantile (0..1) of latencies, nearest rank; NaN for none. */
export function percentile(latencies: readonly number[], share: number): number {
  if (latencies.length === 0) return Number.NaN;
  const sorted = Float64Array.from(latencies).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1));
  return sorted[rank] as number;
}

/** CPU a generator process used while it measured, and for how long. */
export interface GeneratorCpu {
  cpuSeconds: number;
  wallSeconds: number;
}

/** A generator process above this share of one core may be what limits the figure. */
export const SATURATED_SHARE = 0.9;

export const coreShare = ({ cpuSeconds, wallSeconds }: GeneratorCpu): number =>
  wallSeconds > 0 ? cpuSeconds / wallSeconds : 0;

/** A warning for each generator that was near a full core, or none. */
export function saturationWarnings(generators: readonly GeneratorCpu[]): string[] {
  return generators.flatMap((generator, index) => {
    const share = coreShare(generator);
    return share > SATURATED_SHARE
      ? [
          `generator ${index + 1} used ${Math.round(100 * share)}% of a core (> ${100 * SATURATED_SHARE}%): ` +
            'the load generator may be the limit of this figure, not the server',
        ]
      : [];
  });
}
