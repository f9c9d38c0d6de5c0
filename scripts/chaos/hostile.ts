import { Prng } from '@shipfold/clickpost-simulator';
import { type DlqRecord, type RawEnvelope, topicNames } from '@shipfold/contracts';
import { createPool } from '@shipfold/db';
import {
  type Credentials,
  createLoad,
  eventIdsOf,
  type HostileKind,
  type HostilePayload,
  hostilePayloads,
  readStoredEventIds,
  sha256,
  vendorHeaders,
  WEBHOOK_PATHS,
} from '@shipfold/load-harness';
import { waitFor } from '@shipfold/test-support';
import { Agent, request } from 'undici';
import type { Fleet, ServiceKind } from './fleet';
import { CLICKPOST_ZONE, CREDENTIALS, prepareRun, type Target } from './run-environment';
import { readTopic } from './topic-reader';

/**
 * Hostile input at volume through the live ingress and normalizer: every payload must get an answer
 * with a reason (a 4xx naming the problem, or a 2xx and then events or a DLQ record), no process may
 * end, and every valid delivery mixed in must reach the read model.
 */

export interface HostileRun {
  fleet: Fleet;
  credentials: Credentials;
  kafkaBrokers: string;
  schemaRegistryUrl: string;
  databaseUrl: string;
  topicPrefix: string;
  count: number;
  maxBodyBytes: number;
  clickpostZone: string;
  log: (line: string) => void;
}

interface Answer {
  kind: HostileKind;
  status: number;
  /** The ingress's error code, for a 4xx. */
  error: string | null;
  deliveryId: string | null;
  sha: string;
  payload: HostilePayload | null;
}

export async function runHostile(run: HostileRun) {
  const valid = createLoad({
    seed: 'hostile',
    clickpostApiKey: 'unused',
    shipments: Math.max(20, Math.ceil(run.count / 80)),
    returnRate: 0.4,
    redoReturns: Math.max(5, Math.ceil(run.count / 600)),
    faults: {
      disorderRate: 0.2,
      maxDisplacement: 20,
      duplicateRate: 0.05,
      dropRate: 0,
      burstRate: 0.2,
      rvpReferenceRate: 1,
    },
    badRate: 0,
    now: Math.floor(Date.now() / 1000) * 1000,
  }).deliveries;
  const ingresses = run.fleet.instances.filter((instance) => instance.kind === 'ingress');
  const agent = new Agent({ connections: 32 });
  const answers: Answer[] = [];
  const unanswered = { count: 0, examples: [] as string[] };
  const payloads = hostilePayloads(
    new Prng('hostile').fork('payloads'),
    valid,
    valid,
    run.count,
    run.maxBodyBytes,
  );
  let sent = 0;
  let next = 0;
  const startedAt = performance.now();
  const worker = async () => {
    for (;;) {
      const item = payloads.next();
      if (item.done) return;
      const payload = item.value;
      sent++;
      // A 503 or no answer is "try again" (what a vendor does): a final answer is what counts.
      for (let attempt = 1; ; attempt++) {
        const target = ingresses[next++ % ingresses.length];
        const outcome = await request(`http://127.0.0.1:${target?.port}${WEBHOOK_PATHS[payload.vendor]}`, {
          dispatcher: agent,
          method: 'POST',
          headers: vendorHeaders(payload.vendor, run.credentials, payload.contentType),
          body: payload.body,
          signal: AbortSignal.timeout(30_000),
        }).then(
          async (response) => ({ status: response.statusCode, text: await response.body.text() }),
          (error: Error & { code?: string }) => ({ status: 0, text: error.code ?? error.message }),
        );
        if (outcome.status !== 0 && outcome.status !== 503) {
          const body = parse(outcome.text);
          answers.push({
            kind: payload.kind,
            status: outcome.status,
            error: typeof body?.error === 'string' ? body.error : null,
            deliveryId: typeof body?.deliveryId === 'string' ? body.deliveryId : null,
            sha: sha256(payload.body.toString('utf8')),
            payload: payload.kind === 'valid' ? payload : null,
          });
          break;
        }
        if (attempt >= 20) {
          unanswered.count++;
          if (unanswered.examples.length < 5)
            unanswered.examples.push(`${payload.kind}: ${outcome.status} ${outcome.text.slice(0, 200)}`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
      }
      if (sent % 20_000 === 0) run.log(`  hostile: ${sent} sent`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await agent.close();
  const sendSeconds = (performance.now() - startedAt) / 1000;
  run.log(`  hostile: ${sent} sent in ${sendSeconds.toFixed(0)} s; reading the topics`);

  // Every valid delivery reaches the read model: its events are stored.
  const pool = createPool(run.databaseUrl, { max: 1 });
  const validAnswers = answers.filter((answer) => answer.kind === 'valid');
  const expectedIds = new Set(
    validAnswers.flatMap((answer) =>
      answer.payload?.delivery ? eventIdsOf(answer.payload.delivery, run.clickpostZone) : [],
    ),
  );
  let missing = expectedIds.size;
  await waitFor(
    'every valid delivery stored',
    async () => {
      const stored = await readStoredEventIds(pool);
      missing = [...expectedIds].filter((id) => !stored.has(id)).length;
      return missing === 0;
    },
    { timeoutMs: 300_000, intervalMs: 2000 },
  ).catch(() => undefined);
  await pool.end();

  // Every accepted delivery is on the raw topic and has an outcome: events, or a DLQ record.
  const names = topicNames(run.topicPrefix);
  const read = async (topic: string) =>
    (
      await readTopic({ brokers: run.kafkaBrokers, schemaRegistryUrl: run.schemaRegistryUrl, names, topic })
    ).map((record) => record.value);
  const raw = (await read(names.raw)) as RawEnvelope[];
  const events = [...(await read(names.shipmentEvents)), ...(await read(names.returnEvents))] as {
    deliveryId: string;
  }[];
  const dlq = (await read(names.dlq)) as DlqRecord[];
  const withEvents = new Set(events.map((event) => event.deliveryId));
  const deadLettered = new Map(dlq.map((record) => [record.deliveryId, record.reason]));
  const rawIds = new Set(raw.map((envelope) => envelope.deliveryId));
  // Increff's 2xx names no delivery: its body's digest finds the delivery on the raw topic.
  const idByDigest = new Map(raw.map((envelope) => [envelope.contentSha256, envelope.deliveryId]));

  const byKind: Record<string, Record<string, number>> = {};
  const count = (kind: string, outcome: string) => {
    byKind[kind] ??= {};
    byKind[kind][outcome] = (byKind[kind][outcome] ?? 0) + 1;
  };
  let withoutReason = 0;
  let notOnRaw = 0;
  for (const answer of answers) {
    if (answer.status >= 200 && answer.status < 300) {
      const id = answer.deliveryId ?? idByDigest.get(answer.sha) ?? null;
      if (id === null || !rawIds.has(id)) notOnRaw++;
      if (id !== null && withEvents.has(id)) count(answer.kind, '2xx → events');
      else if (id !== null && deadLettered.has(id)) count(answer.kind, `2xx → DLQ ${deadLettered.get(id)}`);
      else {
        withoutReason++;
        count(answer.kind, '2xx → NOTHING');
      }
    } else if (answer.status >= 400 && answer.status < 500 && answer.error !== null) {
      const kept = answer.deliveryId !== null && deadLettered.has(answer.deliveryId);
      count(answer.kind, `${answer.status} ${answer.error}${kept ? ' (DLQ)' : ''}`);
    } else {
      withoutReason++;
      count(answer.kind, `${answer.status} without a reason`);
    }
  }
  return {
    sent,
    sendSeconds: Math.round(sendSeconds),
    answered: answers.length,
    unanswered,
    withoutReason,
    notOnRaw,
    validSent: validAnswers.length,
    validEventsMissing: missing,
    byKind,
    unexpectedExits: Object.fromEntries(run.fleet.unexpectedExits),
  };
}

export type HostileReport = Awaited<ReturnType<typeof runHostile>>;

/** The hostile phase on a pipeline of its own (fresh topics and database), deleted afterwards. */
export async function runHostilePhase(
  target: Target,
  options: {
    count: number;
    counts: Record<ServiceKind, number>;
    logDir: string;
    log: (line: string) => void;
  },
): Promise<HostileReport> {
  const run = await prepareRun(target, { phase: 'hostile', counts: options.counts, logDir: options.logDir });
  try {
    return await runHostile({
      fleet: run.fleet,
      credentials: CREDENTIALS,
      kafkaBrokers: target.kafkaBrokers,
      schemaRegistryUrl: target.schemaRegistryUrl,
      databaseUrl: run.databaseUrl,
      topicPrefix: run.topicPrefix,
      count: options.count,
      maxBodyBytes: 1024 * 1024,
      clickpostZone: CLICKPOST_ZONE,
      log: options.log,
    });
  } finally {
    await run.cleanup().catch((error: Error) => options.log(`cleanup: ${error.message}`));
  }
}

export function hostileProblems(report: HostileReport): string[] {
  return [
    ...(report.unanswered.count > 0
      ? [`${report.unanswered.count} payloads never answered: ${report.unanswered.examples.join('; ')}`]
      : []),
    ...(report.withoutReason > 0
      ? [`${report.withoutReason} payloads without a reason (no 4xx, no events, no DLQ record)`]
      : []),
    ...(report.notOnRaw > 0 ? [`${report.notOnRaw} accepted payloads not on the raw topic`] : []),
    ...(report.validEventsMissing > 0
      ? [`${report.validEventsMissing} events of valid deliveries not stored`]
      : []),
    ...(Object.keys(report.unexpectedExits).length > 0
      ? [`processes ended: ${JSON.stringify(report.unexpectedExits)}`]
      : []),
  ];
}

function parse(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
