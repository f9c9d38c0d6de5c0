/**
 * Groups records submitted by concurrent requests into shared produce requests.
 *
 * kafkajs sends one produce request per `send()`, so one send per webhook caps ingress at a few
 * hundred acknowledged records per second. Here a batch is sent when it is full (records or bytes) or when its oldest record
 * has lingered `lingerMs`; while `maxInFlightBatches` are in flight, new records queue and go
 * out together as soon as a slot frees, so batches grow with the load by themselves.
 *
 * Every submitted record is settled exactly once: resolved when the batch that carried it was
 * acknowledged, rejected with a {@link BatchRejection} when that batch failed, when it waited
 * longer than `timeoutMs` (queued or unacknowledged), when the queue is full, or after close.
 * Nothing here knows about Kafka: `sendBatch` is the only way out.
 */

export type RejectionKind = 'failed' | 'timeout' | 'overloaded' | 'closed';

/** Why a record was not acknowledged. Always retryable by the sender: the record may not be written. */
export class BatchRejection extends Error {
  constructor(
    readonly kind: RejectionKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'BatchRejection';
  }
}

export interface BatchReport {
  records: number;
  bytes: number;
  durationMs: number;
  ok: boolean;
}

export interface BatcherOptions<R> {
  /** Writes the records; resolves when all are acknowledged, rejects if any may not be. */
  sendBatch: (records: R[]) => Promise<void>;
  sizeOf: (record: R) => number;
  /** How long the oldest queued record may wait for company before its batch is sent. */
  lingerMs: number;
  maxBatchRecords: number;
  /** A batch stays under this many bytes, except a lone record larger than it. */
  maxBatchBytes: number;
  /** Batches awaiting acknowledgement at once (1 keeps a partition's records in the order they were accepted). */
  maxInFlightBatches: number;
  /** Queued (not yet sent) bytes beyond which new records are refused at once. */
  maxQueuedBytes: number;
  /** The longest a record waits for its acknowledgement, queued and in flight together. */
  timeoutMs: number;
  /** Called after every batch, for metrics. */
  onBatch?: (report: BatchReport) => void;
  now?: () => number;
}

interface Entry<R> {
  /** Released once settled, so records that timed out in the queue do not pin memory. */
  record: R | undefined;
  bytes: number;
  enqueuedAt: number;
  state: 'queued' | 'in-flight' | 'settled';
  timer: ReturnType<typeof setTimeout>;
  resolve: () => void;
  reject: (error: BatchRejection) => void;
}

export interface ProduceBatcher<R> {
  /** Resolves once the record's batch is acknowledged; rejects with a BatchRejection otherwise. */
  submit(record: R): Promise<void>;
  /** Refuses new records, sends everything queued without lingering, and resolves when all settled. */
  close(): Promise<void>;
  /** Records submitted and not yet settled. */
  readonly pending: number;
}

export function createProduceBatcher<R>(options: BatcherOptions<R>): ProduceBatcher<R> {
  const now = options.now ?? (() => performance.now());
  // Queued entries in arrival order from `head`; entries settled while queued (timed out) are
  // skipped lazily, and the array is compacted once its consumed prefix dominates.
  let queue: Entry<R>[] = [];
  let head = 0;
  let queuedRecords = 0;
  let queuedBytes = 0;
  let inFlight = 0;
  let unsettled = 0;
  let closing = false;
  let lingerTimer: ReturnType<typeof setTimeout> | undefined;
  const idleWaiters: Array<() => void> = [];

  function settle(entry: Entry<R>, error?: BatchRejection): void {
    if (entry.state === 'settled') return;
    if (entry.state === 'queued') {
      queuedRecords -= 1;
      queuedBytes -= entry.bytes;
    }
    entry.state = 'settled';
    entry.record = undefined;
    clearTimeout(entry.timer);
    unsettled -= 1;
    if (error) entry.reject(error);
    else entry.resolve();
    if (unsettled === 0) for (const wake of idleWaiters.splice(0)) wake();
  }

  function expire(entry: Entry<R>): void {
    const message =
      entry.state === 'queued'
        ? `not sent within ${options.timeoutMs} ms`
        : `not acknowledged within ${options.timeoutMs} ms`;
    settle(entry, new BatchRejection('timeout', message));
    dropSettledPrefix();
  }

  /** Skips entries settled while queued; compacts the array once its consumed prefix dominates. */
  function dropSettledPrefix(): void {
    while (head < queue.length && (queue[head] as Entry<R>).state !== 'queued') head += 1;
    if (head === queue.length) {
      queue = [];
      head = 0;
    } else if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  }

  function takeBatch(): Entry<R>[] {
    const batch: Entry<R>[] = [];
    let bytes = 0;
    for (; head < queue.length && batch.length < options.maxBatchRecords; head += 1) {
      const entry = queue[head] as Entry<R>;
      if (entry.state !== 'queued') continue;
      if (batch.length > 0 && bytes + entry.bytes > options.maxBatchBytes) break;
      batch.push(entry);
      bytes += entry.bytes;
    }
    dropSettledPrefix();
    for (const entry of batch) {
      entry.state = 'in-flight';
      queuedRecords -= 1;
      queuedBytes -= entry.bytes;
    }
    return batch;
  }

  function dispatch(batch: Entry<R>[]): void {
    inFlight += 1;
    const startedAt = now();
    const bytes = batch.reduce((sum, entry) => sum + entry.bytes, 0);
    const finish = (error?: unknown): void => {
      inFlight -= 1;
      options.onBatch?.({ records: batch.length, bytes, durationMs: now() - startedAt, ok: !error });
      const rejection =
        error === undefined
          ? undefined
          : new BatchRejection('failed', `batch of ${batch.length} not written: ${describe(error)}`, {
              cause: error,
            });
      for (const entry of batch) settle(entry, rejection);
      pump();
    };
    let sending: Promise<void>;
    try {
      sending = options.sendBatch(batch.map((entry) => entry.record as R));
    } catch (error) {
      sending = Promise.reject(error);
    }
    sending.then(
      () => finish(),
      (error: unknown) => finish(error ?? new Error('sendBatch rejected')),
    );
  }

  function pump(): void {
    while (inFlight < options.maxInFlightBatches && queuedRecords > 0) {
      const full = queuedRecords >= options.maxBatchRecords || queuedBytes >= options.maxBatchBytes;
      const waited = now() - (queue[head] as Entry<R>).enqueuedAt;
      if (!closing && !full && waited < options.lingerMs) {
        armLinger(options.lingerMs - waited);
        return;
      }
      dispatch(takeBatch());
    }
  }

  function armLinger(delayMs: number): void {
    if (lingerTimer !== undefined) return;
    lingerTimer = setTimeout(
      () => {
        lingerTimer = undefined;
        pump();
      },
      Math.max(0, Math.ceil(delayMs)),
    );
  }

  return {
    get pending() {
      return unsettled;
    },
    submit(record) {
      if (closing) return Promise.reject(new BatchRejection('closed', 'shutting down'));
      const bytes = options.sizeOf(record);
      if (queuedRecords > 0 && queuedBytes + bytes > options.maxQueuedBytes) {
        return Promise.reject(
          new BatchRejection(
            'overloaded',
            `queue holds ${queuedBytes} bytes, limit ${options.maxQueuedBytes}`,
          ),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const entry: Entry<R> = {
          record,
          bytes,
          enqueuedAt: now(),
          state: 'queued',
          timer: setTimeout(() => expire(entry), options.timeoutMs),
          resolve,
          reject,
        };
        queue.push(entry);
        queuedRecords += 1;
        queuedBytes += bytes;
        unsettled += 1;
        pump();
      });
    },
    close() {
      closing = true;
      if (lingerTimer !== undefined) clearTimeout(lingerTimer);
      lingerTimer = undefined;
      pump();
      if (unsettled === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  };
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
