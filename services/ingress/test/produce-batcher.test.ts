import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type BatcherOptions, BatchRejection, createProduceBatcher } from '../src/produce-batcher';

interface Rec {
  id: number;
  size: number;
}

/** A sender whose batches are settled by the test, in any order. */
function manualSender() {
  const calls: Array<{ records: Rec[]; ack: () => void; fail: (error: Error) => void }> = [];
  const sendBatch = (records: Rec[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ records, ack: resolve, fail: reject });
    });
  return { calls, sendBatch };
}

const base = (sendBatch: (records: Rec[]) => Promise<void>): BatcherOptions<Rec> => ({
  sendBatch,
  sizeOf: (record) => record.size,
  lingerMs: 5,
  maxBatchRecords: 3,
  maxBatchBytes: 100,
  maxInFlightBatches: 1,
  maxQueuedBytes: 1000,
  timeoutMs: 1000,
  now: () => Date.now(),
});

/** Observes a promise without letting a rejection go unhandled. */
function track(promise: Promise<void>) {
  const state: { outcome: 'pending' | 'acked' | BatchRejection } = { outcome: 'pending' };
  promise.then(
    () => {
      state.outcome = 'acked';
    },
    (error: BatchRejection) => {
      state.outcome = error;
    },
  );
  return state;
}

describe('createProduceBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends records that arrive within the linger in one batch, and acks each when it is written', async () => {
    const sender = manualSender();
    const batcher = createProduceBatcher(base(sender.sendBatch));
    const a = track(batcher.submit({ id: 1, size: 10 }));
    const b = track(batcher.submit({ id: 2, size: 10 }));
    expect(sender.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(5);
    expect(sender.calls.map((call) => call.records.map((record) => record.id))).toEqual([[1, 2]]);
    expect(a.outcome).toBe('pending');
    sender.calls[0]?.ack();
    await vi.advanceTimersByTimeAsync(0);
    expect([a.outcome, b.outcome]).toEqual(['acked', 'acked']);
    expect(batcher.pending).toBe(0);
  });

  it('sends a full batch at once, without lingering', async () => {
    const sender = manualSender();
    const batcher = createProduceBatcher(base(sender.sendBatch));
    for (const id of [1, 2, 3]) track(batcher.submit({ id, size: 1 }));
    expect(sender.calls[0]?.records).toHaveLength(3);
  });

  it('keeps batches under the byte bound, except for a lone oversized record', async () => {
    const sender = manualSender();
    const batcher = createProduceBatcher({ ...base(sender.sendBatch), maxInFlightBatches: 10 });
    track(batcher.submit({ id: 1, size: 60 }));
    track(batcher.submit({ id: 2, size: 60 }));
    track(batcher.submit({ id: 3, size: 500 }));
    await vi.advanceTimersByTimeAsync(5);
    expect(sender.calls.map((call) => call.records.map((record) => record.id))).toEqual([[1], [2], [3]]);
  });

  it('queues while a batch is in flight and sends the queue together when it is acknowledged', async () => {
    const sender = manualSender();
    const batcher = createProduceBatcher({ ...base(sender.sendBatch), maxBatchRecords: 100 });
    track(batcher.submit({ id: 1, size: 1 }));
    await vi.advanceTimersByTimeAsync(5);
    for (const id of [2, 3, 4]) track(batcher.submit({ id, size: 1 }));
    await vi.advanceTimersByTimeAsync(50);
    expect(sender.calls).toHaveLength(1);
    sender.calls[0]?.ack();
    await vi.advanceTimersByTimeAsync(0);
    expect(sender.calls[1]?.records.map((record) => record.id)).toEqual([2, 3, 4]);
  });

  it('fails exactly the records of a failed batch', async () => {
    const sender = manualSender();
    const batcher = createProduceBatcher({ ...base(sender.sendBatch), maxInFlightBatches: 2 });
    const first = [1, 2, 3].map((id) => track(batcher.submit({ id, size: 1 })));
    const second = [4, 5].map((id) => track(batcher.submit({ id, size: 1 })));
    await vi.advanceTimersByTimeAsync(5);
    sender.calls[0]?.fail(new Error('NOT_ENOUGH_REPLICAS'));
    sender.calls[1]?.ack();
    await vi.advanceTimersByTimeAsync(0);
    for (const record of first) {
      expect(record.outcome).toBeInstanceOf(BatchRejection);
      expect((record.outcome as BatchRejection).kind).toBe('failed');
      expect((record.outcome as BatchRejection).message).toContain('NOT_ENOUGH_REPLICAS');
    }
    expect(second.map((record) => record.outcome)).toEqual(['acked', 'acked']);
  });

  it('rejects a record that is not acknowledged in time, and ignores the late acknowledgement', async () => {
    const sender = manualSender();
    const batcher = createProduceBatcher(base(sender.sendBatch));
    const record = track(batcher.submit({ id: 1, size: 1 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect((record.outcome as BatchRejection).kind).toBe('timeout');
    sender.calls[0]?.ack();
    await vi.advanceTimersByTimeAsync(0);
    expect((record.outcome as BatchRejection).kind).toBe('timeout');
    expect(batcher.pending).toBe(0);
  });

  it('times out queued records behind a stuck batch and never sends them', async () => {
    const sender = manualSender();
    const batcher = createProduceBatcher(base(sender.sendBatch));
    track(batcher.submit({ id: 1, size: 1 }));
    await vi.advanceTimersByTimeAsync(500);
    const queued = track(batcher.submit({ id: 2, size: 1 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect((queued.outcome as BatchRejection).message).toContain('not sent');
    sender.calls[0]?.ack();
    await vi.advanceTimersByTimeAsync(10);
    expect(sender.calls).toHaveLength(1);
  });

  it('refuses records beyond the queue bound at once', async () => {
    const sender = manualSender();
    const batcher = createProduceBatcher({ ...base(sender.sendBatch), maxQueuedBytes: 25 });
    track(batcher.submit({ id: 1, size: 20 }));
    await expect(batcher.submit({ id: 2, size: 20 })).rejects.toMatchObject({ kind: 'overloaded' });
  });

  it('turns a sender that throws synchronously into a failed batch', async () => {
    const batcher = createProduceBatcher(
      base(() => {
        throw new Error('boom');
      }),
    );
    const record = track(batcher.submit({ id: 1, size: 1 }));
    await vi.advanceTimersByTimeAsync(5);
    expect((record.outcome as BatchRejection).kind).toBe('failed');
  });

  it('on close sends what is queued without lingering, waits for it, then refuses new records', async () => {
    const sender = manualSender();
    const batcher = createProduceBatcher(base(sender.sendBatch));
    const record = track(batcher.submit({ id: 1, size: 1 }));
    let closed = false;
    void batcher.close().then(() => {
      closed = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(sender.calls).toHaveLength(1);
    expect(closed).toBe(false);
    sender.calls[0]?.ack();
    await vi.advanceTimersByTimeAsync(0);
    expect(record.outcome).toBe('acked');
    expect(closed).toBe(true);
    await expect(batcher.submit({ id: 2, size: 1 })).rejects.toMatchObject({ kind: 'closed' });
  });

  it('reports every batch for metrics', async () => {
    const reports: unknown[] = [];
    const batcher = createProduceBatcher({
      ...base(async () => {}),
      onBatch: (report) => reports.push(report),
    });
    await Promise.all([batcher.submit({ id: 1, size: 7 }), vi.advanceTimersByTimeAsync(5)]);
    expect(reports).toEqual([{ records: 1, bytes: 7, durationMs: 0, ok: true }]);
  });
});

describe('createProduceBatcher, as a property', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const step = fc.record({
    size: fc.integer({ min: 1, max: 150 }),
    gapMs: fc.integer({ min: 0, max: 8 }),
    // How the batch this record's submission happens to trigger will end, and when.
    sendMs: fc.integer({ min: 0, max: 400 }),
    sendFails: fc.boolean(),
  });

  it('settles every record exactly once, consistently with its batch, and respects the bounds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        async (steps, maxInFlightBatches, closeEarly) => {
          vi.clearAllTimers();
          const batches: Array<{ ids: number[]; ok: boolean }> = [];
          let inFlight = 0;
          let maxSeenInFlight = 0;
          let call = 0;
          const options: BatcherOptions<Rec> = {
            ...base(async () => {}),
            maxInFlightBatches,
            maxQueuedBytes: 600,
            timeoutMs: 300,
            sendBatch: (records) => {
              const plan = steps[call % steps.length] as (typeof steps)[number];
              call += 1;
              inFlight += 1;
              maxSeenInFlight = Math.max(maxSeenInFlight, inFlight);
              const batch = { ids: records.map((record) => record.id), ok: !plan.sendFails };
              batches.push(batch);
              return new Promise<void>((resolve, reject) => {
                setTimeout(() => {
                  inFlight -= 1;
                  if (batch.ok) resolve();
                  else reject(new Error('broker said no'));
                }, plan.sendMs);
              });
            },
          };
          const batcher = createProduceBatcher(options);
          const settlements = new Map<number, Array<'acked' | BatchRejection>>();
          const submitted: Rec[] = [];
          for (const [id, { size, gapMs }] of steps.entries()) {
            const record = { id, size };
            submitted.push(record);
            settlements.set(id, []);
            batcher.submit(record).then(
              () => settlements.get(id)?.push('acked'),
              (error: BatchRejection) => settlements.get(id)?.push(error),
            );
            if (closeEarly && id === Math.floor(steps.length / 2)) void batcher.close();
            await vi.advanceTimersByTimeAsync(gapMs);
          }
          const closed = batcher.close();
          await vi.advanceTimersByTimeAsync(1000);
          await closed;

          expect(maxSeenInFlight).toBeLessThanOrEqual(maxInFlightBatches);
          const sentIn = new Map<number, { ids: number[]; ok: boolean }>();
          for (const batch of batches) {
            expect(batch.ids.length).toBeGreaterThan(0);
            expect(batch.ids.length).toBeLessThanOrEqual(options.maxBatchRecords);
            const bytes = batch.ids.reduce((sum, id) => sum + (submitted[id] as Rec).size, 0);
            if (batch.ids.length > 1) expect(bytes).toBeLessThanOrEqual(options.maxBatchBytes);
            for (const id of batch.ids) {
              expect(sentIn.has(id)).toBe(false); // never sent twice
              sentIn.set(id, batch);
            }
          }
          for (const { id } of submitted) {
            const outcomes = settlements.get(id) ?? [];
            expect(outcomes).toHaveLength(1);
            const [outcome] = outcomes;
            const batch = sentIn.get(id);
            if (outcome === 'acked') {
              expect(batch?.ok).toBe(true);
            } else if (outcome?.kind === 'failed') {
              expect(batch?.ok).toBe(false);
            } else if (outcome?.kind === 'overloaded' || outcome?.kind === 'closed') {
              expect(batch).toBeUndefined();
            } else {
              expect(outcome?.kind).toBe('timeout');
            }
          }
          expect(batcher.pending).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });
});
