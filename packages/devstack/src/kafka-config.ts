import { randomBytes } from 'node:crypto';

export interface KafkaSettings {
  host: string;
  brokerPort: number;
  controllerPort: number;
  dataDir: string;
  /** In a cluster: this node's id and every node's controller port (a node is broker and controller). */
  cluster?: { nodeId: number; controllerPorts: readonly number[] };
}

/**
 * What a three-node cluster changes, and why: the production shape (every partition on three brokers,
 * a write acknowledged by two), and failure detection fast enough that a broker killed under load
 * costs no acknowledgement timeout (the ingress waits 5 s):
 * - broker.session.timeout.ms 9 s → 3 s: the controller fences a broker that stopped heartbeating
 *   (kill -9, SIGSTOP) after 3 s, and moves its partitions' leadership;
 * - broker.heartbeat.interval.ms 2 s → 500 ms: several heartbeats per session;
 * - replica.lag.time.max.ms 30 s → 3 s: a dead follower leaves the in-sync replicas after 3 s, so
 *   acks=all writes stop waiting for it.
 */
function clusterLines(s: KafkaSettings): [string, string | number][] {
  if (!s.cluster) {
    return [
      ['node.id', 1],
      ['controller.quorum.voters', `1@${s.host}:${s.controllerPort}`],
      ['default.replication.factor', 1],
      ['min.insync.replicas', 1],
      ['offsets.topic.replication.factor', 1],
      ['transaction.state.log.replication.factor', 1],
      ['transaction.state.log.min.isr', 1],
    ];
  }
  const voters = s.cluster.controllerPorts.map((port, index) => `${index + 1}@${s.host}:${port}`).join(',');
  return [
    ['node.id', s.cluster.nodeId],
    ['controller.quorum.voters', voters],
    ['default.replication.factor', 3],
    ['min.insync.replicas', 2],
    ['offsets.topic.replication.factor', 3],
    ['transaction.state.log.replication.factor', 3],
    ['transaction.state.log.min.isr', 2],
    ['broker.session.timeout.ms', 3000],
    ['broker.heartbeat.interval.ms', 500],
    ['replica.lag.time.max.ms', 3000],
  ];
}

/**
 * One process that is both broker and KRaft controller, sized for a developer machine: no waiting for
 * consumer groups to fill, and topics only from the project's own admin step. Alone, it keeps a single
 * replica of everything; as one of a cluster's three nodes, three (see clusterLines).
 */
export function renderServerProperties(s: KafkaSettings): string {
  const lines: [string, string | number][] = [
    ['process.roles', 'broker,controller'],
    ...clusterLines(s),
    ['listeners', `PLAINTEXT://${s.host}:${s.brokerPort},CONTROLLER://${s.host}:${s.controllerPort}`],
    ['advertised.listeners', `PLAINTEXT://${s.host}:${s.brokerPort}`],
    ['controller.listener.names', 'CONTROLLER'],
    ['inter.broker.listener.name', 'PLAINTEXT'],
    ['listener.security.protocol.map', 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT'],
    ['log.dirs', s.dataDir],
    ['num.partitions', 3],
    ['group.initial.rebalance.delay.ms', 0],
    ['auto.create.topics.enable', 'false'],
    // Two cores: fewer threads than the defaults meant for servers.
    ['num.network.threads', 2],
    ['num.io.threads', 4],
    ['num.recovery.threads.per.data.dir', 1],
    ['log.retention.check.interval.ms', 300000],
  ];
  return `# Written by packages/devstack on every start; edits here are overwritten.\n${lines
    .map(([key, value]) => `${key}=${escapeValue(String(value))}`)
    .join('\n')}\n`;
}

/** Java properties escaping for values (paths on Windows or with spaces would otherwise break). */
function escapeValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/^ /, '\\ ');
}

/** Everything to the console (the process log devstack keeps), quiet loggers as in Kafka's own config. */
export function renderLog4jProperties(): string {
  return [
    'log4j.rootLogger=INFO, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka=INFO',
    'log4j.logger.org.apache.kafka=INFO',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.kafka.controller=INFO',
    'log4j.logger.kafka.log.LogCleaner=INFO',
    'log4j.logger.state.change.logger=INFO',
    'log4j.logger.kafka.authorizer.logger=INFO',
    '',
  ].join('\n');
}

/** A KRaft cluster id: 16 random bytes, base64url without padding, as `kafka-storage random-uuid` makes. */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    // Kafka rejects ids that start with '-' (they read as command-line options).
    if (!id.startsWith('-')) return id;
  }
}

export function isClusterId(text: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(text) && !text.startsWith('-');
}
