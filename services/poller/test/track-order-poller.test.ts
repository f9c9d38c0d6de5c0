import { ClickpostClient } from '@shipfold/clickpost';
import { ClickpostSimulator } from '@shipfold/clickpost-simulator';
import type { TrackCandidateSource } from '@shipfold/tracking-state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchesByCourier, createTrackOrderPoller } from '../src/index';
import { memoryPublisher } from './fakes';

const NOW = Date.parse('2024-06-01T12:00:00Z');

let simulator: ClickpostSimulator;
let client: ClickpostClient;
const trackRequests: { cpId: string; waybills: string[] }[] = [];

beforeAll(async () => {
  simulator = new ClickpostSimulator({
    seed: 'track-poller',
    key: 'k',
    now: () => NOW,
    world: { shipments: 40, returnRate: 0.5 },
  });
  simulator.app.addHook('onRequest', async (request) => {
    const query = request.query as { waybill?: string; cp_id?: string };
    if (query.waybill && query.cp_id)
      trackRequests.push({ cpId: query.cp_id, waybills: query.waybill.split(',') });
  });
  const baseUrl = await simulator.listen();
  client = new ClickpostClient({
    key: 'k',
    username: 'shipfold',
    baseUrl,
    rateLimit: { limit: 10_000, intervalMs: 1000 },
  });
});
afterAll(async () => {
  await client.close();
  await simulator.close();
});

/** Candidates from a list; records what was polled. */
function listSource(candidates: { waybill: string; cpId: number }[]) {
  const recorded: { waybill: string; cpId: number; terminal: boolean }[] = [];
  const source: TrackCandidateSource = {
    due: async () => candidates,
    recordPolls: async (polls) => {
      recorded.push(...polls);
    },
  };
  return { source, recorded };
}

/** A poller over the simulator, with every candidate due at once. */
function pollerOf(
  source: TrackCandidateSource,
  publisher: ReturnType<typeof memoryPublisher>,
  { limit, batchSize }: { limit: number; batchSize: number },
) {
  return createTrackOrderPoller({
    client,
    candidates: source,
    publisher,
    rules: { quietMs: 0, repollMs: 0, confirmTerminal: true, limit },
    batchSize,
    now: () => NOW,
  });
}

describe('batches', () => {
  it('groups by courier partner, at most `size` per batch, nothing lost', () => {
    const candidates = Array.from({ length: 23 }, (_, i) => ({
      waybill: `W${i}`,
      cpId: [4, 6, 25][i % 3] as number,
    }));
    const batches = batchesByCourier(candidates, 5);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(5);
      expect(new Set(batch.map((candidate) => candidate.cpId)).size).toBe(1);
    }
    expect(batches.flat().sort((a, b) => a.waybill.localeCompare(b.waybill))).toEqual(
      [...candidates].sort((a, b) => a.waybill.localeCompare(b.waybill)),
    );
  });
});

describe('track-order fallback', () => {
  it('polls the candidates per courier, publishes what Clickpost knows, records terminal journeys', async () => {
    trackRequests.length = 0;
    const shipments = simulator.state.world.shipments;
    const candidates = [
      ...shipments.map(({ waybill, cpId }) => ({ waybill, cpId })),
      { waybill: 'UNKNOWN9', cpId: 4 },
    ];
    const { source, recorded } = listSource(candidates);
    const publisher = memoryPublisher();
    const poller = pollerOf(source, publisher, { limit: 1000, batchSize: 7 });
    const stats = await poller.cycle();
    expect(stats).toMatchObject({ candidates: candidates.length, published: shipments.length, unknown: 1 });
    for (const request of trackRequests) expect(request.waybills.length).toBeLessThanOrEqual(7);
    expect(stats.requests).toBe(trackRequests.length);
    const published = new Map(publisher.published.map((envelope) => [envelope.partitionKey, envelope]));
    for (const shipment of shipments) {
      const envelope = published.get(`clickpost:${shipment.cpId}:${shipment.waybill}`);
      expect(envelope?.source).toBe('clickpost.track-order');
      const body = JSON.parse(envelope?.body ?? '{}');
      expect(body.result[shipment.waybill].scans).toHaveLength(shipment.scans.length);
    }
    const terminal = new Map(recorded.map((poll) => [`${poll.cpId}:${poll.waybill}`, poll.terminal]));
    for (const shipment of shipments) {
      const ended = [8, 10, 14, 16].includes(shipment.scans.at(-1)?.code ?? 0);
      expect(terminal.get(`${shipment.cpId}:${shipment.waybill}`)).toBe(ended);
    }
    expect(terminal.get('4:UNKNOWN9')).toBe(false);
  });

  it('goes on past a batch Clickpost refuses for its courier id, recording its polls, and polls the rest', async () => {
    const shipment = simulator.state.world.shipments[0];
    if (!shipment) throw new Error('empty world');
    const candidates = [
      { waybill: 'ANY1', cpId: 999_999 }, // no such courier partner: Clickpost answers 302
      { waybill: shipment.waybill, cpId: shipment.cpId },
    ];
    const { source, recorded } = listSource(candidates);
    const publisher = memoryPublisher();
    const poller = pollerOf(source, publisher, { limit: 10, batchSize: 50 });
    const stats = await poller.cycle();
    expect(stats).toMatchObject({ candidates: 2, requests: 2, published: 1, refused: 1 });
    expect(publisher.published.map((envelope) => envelope.partitionKey)).toEqual([
      `clickpost:${shipment.cpId}:${shipment.waybill}`,
    ]);
    expect(recorded.map(({ waybill }) => waybill).sort()).toEqual(['ANY1', shipment.waybill].sort());
  });

  it('records nothing for a batch Kafka did not acknowledge', async () => {
    const shipment = simulator.state.world.shipments[0];
    if (!shipment) throw new Error('empty world');
    const { source, recorded } = listSource([{ waybill: shipment.waybill, cpId: shipment.cpId }]);
    const publisher = memoryPublisher();
    publisher.failNext = 1;
    const poller = pollerOf(source, publisher, { limit: 10, batchSize: 50 });
    await expect(poller.cycle()).rejects.toThrow('kafka unavailable');
    expect(recorded).toHaveLength(0);
  });
});
