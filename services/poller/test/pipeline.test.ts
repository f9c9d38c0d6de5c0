import { createHash } from 'node:crypto';
import { ClickpostSimulator, deltaRecord, trackOrderEntry } from '@shipfold/clickpost-simulator';
import type { DomainEvent, RawEnvelope } from '@shipfold/contracts';
import { differences, foldEvents as fold } from '@shipfold/load-harness';
import { normalize } from '@shipfold/mapping';
import { describe, expect, it } from 'vitest';
import { deltaEnvelope, trackOrderEnvelope } from '../src/index';

/**
 * The poller's recovery, without Kafka or PostgreSQL: the simulator's webhooks (disordered,
 * duplicated, partly dropped) plus what the poller would fetch (delta results, track-order answers),
 * through the real normalizer and the domain folds, end equal to the simulator's ground truth.
 */

const NOW = Date.parse('2024-06-01T12:00:00Z');
const at = new Date(NOW);

function webhookEnvelope(payload: Record<string, unknown>, index: number): RawEnvelope {
  const body = JSON.stringify(payload);
  return {
    deliveryId: `00000000-0000-7000-8000-${String(index).padStart(12, '0')}`,
    source: 'clickpost.webhook',
    receivedAt: at.toISOString(),
    contentType: 'application/json',
    headers: {},
    body,
    contentSha256: createHash('sha256').update(body).digest('hex'),
    partitionKey: 'k',
  };
}

function eventsOf(envelopes: RawEnvelope[]): DomainEvent[] {
  return envelopes.flatMap((envelope) => {
    const normalized = normalize(envelope, { clickpostZone: 'Asia/Kolkata' });
    if (!normalized.ok)
      throw new Error(
        `${envelope.source} rejected: ${normalized.reason} ${normalized.detail}\n${envelope.body}`,
      );
    return normalized.events;
  });
}

describe('webhooks with faults + what the poller fetches = the ground truth', () => {
  it.each(['pipeline-1', 'pipeline-2', 'pipeline-3'])('seed %s', (seed) => {
    const simulator = new ClickpostSimulator({
      seed,
      key: 'k',
      now: () => NOW,
      world: { shipments: 120, returnRate: 0.5 },
      faults: {
        disorderRate: 0.4,
        maxDisplacement: 20,
        duplicateRate: 0.1,
        dropRate: 0.15,
        burstRate: 0.2,
        rvpReferenceRate: 0.5,
      },
    });
    const { world } = simulator.state;
    const webhooks = simulator.plan.deliveries.map((delivery, index) =>
      webhookEnvelope(delivery.payload, index),
    );
    const window = { start_time: 'x', end_time: 'y' };
    const delta = world.returns.map((order) => deltaEnvelope(deltaRecord(order, NOW), window, at));
    const meta = { status: 200, success: true, message: 'SUCCESS' };
    const tracked = world.shipments.map((shipment) =>
      trackOrderEnvelope(
        meta,
        shipment.cpId,
        shipment.waybill,
        trackOrderEntry(shipment, NOW, simulator.options) ?? {},
        at,
      ),
    );

    // Without polling, dropped webhooks leave gaps; with it, none.
    const webhooksOnly = fold(eventsOf(webhooks));
    expect(
      differences(simulator.truth(), webhooksOnly.shipments, webhooksOnly.returns).length,
    ).toBeGreaterThan(0);

    const { shipments, returns } = fold(eventsOf([...webhooks, ...delta, ...tracked]));
    // An NDR lives only in the failed-delivery webhook (track-order has no per-scan NDR code).
    const ndrUnknowable = new Set(
      simulator.plan.dropped
        .filter((delivery) => delivery.payload.clickpost_status_code === 9)
        .filter((delivery) => !simulator.plan.deliveries.some((sent) => sent.factId === delivery.factId))
        .map((delivery) => `${String(delivery.payload.cp_id)}:${String(delivery.payload.waybill)}`),
    );
    expect(differences(simulator.truth(), shipments, returns, { ndrUnknowable })).toEqual([]);
  });
});
