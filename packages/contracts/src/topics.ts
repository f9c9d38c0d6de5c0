/**
 * The topics of shipfold and how they are declared. Names carry a version suffix: a breaking
 * change of a topic's contract is a new topic, never a silent change of an old one.
 */
export interface TopicNames {
  raw: string;
  shipmentEvents: string;
  returnEvents: string;
  dlq: string;
}

export function topicNames(prefix = 'shipfold'): TopicNames {
  return {
    raw: `${prefix}.raw.v1`,
    shipmentEvents: `${prefix}.shipment-events.v1`,
    returnEvents: `${prefix}.return-events.v1`,
    dlq: `${prefix}.dlq.v1`,
  };
}

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Kafka topic configs; `retention.ms = -1` keeps everything. */
  config: Record<string, string>;
}

/** Topics that are the system of record and the replay source keep every record forever. */
const keepForever = { 'retention.ms': '-1', 'retention.bytes': '-1', 'cleanup.policy': 'delete' };
/** Rejections are kept for inspection and replay for 30 days. */
const keepThirtyDays = { 'retention.ms': String(30 * 24 * 60 * 60 * 1000), 'cleanup.policy': 'delete' };
/**
 * Raw envelopes carry a body of up to the ingress limit (1 MiB) as JSON-escaped text, which can
 * grow it several times over; the broker's default of about 1 MB per record batch would refuse them.
 */
export const RAW_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const roomForWholeBodies = { 'max.message.bytes': String(RAW_MAX_MESSAGE_BYTES) };

export function topicSpecs(
  names: TopicNames,
  { partitions, replicationFactor }: { partitions: number; replicationFactor: number },
): TopicSpec[] {
  const spec = (name: string, config: Record<string, string>): TopicSpec => ({
    name,
    partitions,
    replicationFactor,
    config: { ...config, 'min.insync.replicas': String(Math.min(2, replicationFactor)) },
  });
  return [
    spec(names.raw, { ...keepForever, ...roomForWholeBodies }),
    spec(names.shipmentEvents, keepForever),
    spec(names.returnEvents, keepForever),
    spec(names.dlq, { ...keepThirtyDays, ...roomForWholeBodies }),
  ];
}

/** Subject of a topic's record values in the schema registry (Confluent TopicNameStrategy). */
export const valueSubject = (topic: string): string => `${topic}-value`;
