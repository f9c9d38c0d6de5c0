import { describe, expect, it } from 'vitest';
import {
  benchRequests,
  coreShare,
  describeRequests,
  percentile,
  saturationWarnings,
  sliceFor,
} from '../bench/ingress-load';

// The ingress benchmark's requests (bench/ingress-load.ts) and what it concludes from its generators.

describe('the requests of the ingress benchmark', () => {
  const requests = benchRequests({ seed: 'test', shipments: 300 });

  it('come from all three vendors, to their routes, with many bodies and partition keys', () => {
    const vendors = new Set(requests.map((request) => request.vendor));
    expect([...vendors].sort()).toEqual(['clickpost', 'increff', 'redo']);
    for (const request of requests) {
      expect(request.path).toBe(
        {
          clickpost: '/v1/webhooks/clickpost',
          redo: '/v1/webhooks/redo',
          increff: '/v1/webhooks/increff/return-orders',
        }[request.vendor],
      );
    }
    expect(new Set(requests.map((request) => request.body.toString())).size).toBeGreaterThan(
      requests.length * 0.9,
    );
    expect(new Set(requests.map((request) => request.partitionKey)).size).toBeGreaterThan(300);
    expect(requests.every((request) => !request.partitionKey.startsWith('delivery-'))).toBe(true);
    expect(describeRequests(requests)).toMatch(
      /^\d+ distinct deliveries \(clickpost [\d.]+%, .*\), \d+ partition keys/,
    );
  });

  it('are the same in every process that builds them', () => {
    const again = benchRequests({ seed: 'test', shipments: 300 });
    expect(again.map((request) => request.body.toString())).toEqual(
      requests.map((request) => request.body.toString()),
    );
  });

  it('are split among generators in interleaved slices that cover each request once', () => {
    const slices = [0, 1, 2].map((index) => sliceFor(requests, index, 3));
    expect(slices.flat()).toHaveLength(requests.length);
    expect(new Set(slices.flat())).toEqual(new Set(requests));
    expect(slices[1]?.[0]).toBe(requests[1]);
  });
});

describe('what the benchmark makes of the generators', () => {
  it('takes percentiles over the merged latencies of all generators', () => {
    const latencies = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(latencies, 0.5)).toBe(50);
    expect(percentile(latencies, 0.99)).toBe(99);
    expect(percentile([...latencies.slice(50), ...latencies.slice(0, 50)], 0.99)).toBe(99);
    expect(percentile([], 0.99)).toBeNaN();
  });

  it('flags a generator above 90% of a core, and only that one', () => {
    const busy = { cpuSeconds: 9.5, wallSeconds: 10 };
    const calm = { cpuSeconds: 4, wallSeconds: 10 };
    expect(coreShare(busy)).toBeCloseTo(0.95);
    expect(saturationWarnings([calm, calm])).toEqual([]);
    expect(saturationWarnings([calm, busy])).toEqual([
      'generator 2 used 95% of a core (> 90%): the load generator may be the limit of this figure, not the server',
    ]);
  });
});
