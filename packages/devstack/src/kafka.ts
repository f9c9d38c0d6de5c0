import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clusterAnswers } from '@shipfold/kafka';
import { cachedRuntime } from './cache';
import { classDataSharing } from './cds';
import type { ManagedComponent } from './component';
import { endpoints, host, ports } from './endpoints';
import { findJava, javaBinary } from './java';
import {
  isClusterId,
  type KafkaSettings,
  newClusterId,
  renderLog4jProperties,
  renderServerProperties,
} from './kafka-config';
import { kafkaClusterNodes, type ManagedName, paths } from './layout';
import { log } from './logger';

const execFileAsync = promisify(execFile);

/** Kafka 3.9 runs on Java 11+; the machine's default 17 is the tested choice. */
const minJava = 17;
const heap = ['-Xms256m', '-Xmx768m'];
/** The JVM flags of Kafka's own kafka-server-start.sh, minus GC logging. */
const jvmFlags = [
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:InitiatingHeapOccupancyPercent=35',
  '-XX:+ExplicitGCInvokesConcurrent',
  '-Djava.awt.headless=true',
];

interface KafkaNode {
  name: ManagedName;
  brokerPort: number;
  controllerPort: number;
  /** Where the cluster id is kept (one per cluster, shared by its nodes). */
  clusterIdFile: string;
  /** Bootstrap servers that must answer for the node to count as up. */
  bootstrap: string;
  cluster?: KafkaSettings['cluster'];
}

function kafkaNode(node: KafkaNode): ManagedComponent {
  return {
    name: node.name,
    ports: [node.brokerPort, node.controllerPort],
    endpoint: `${host}:${node.brokerPort}`,
    readyTimeoutMs: 90_000,
    stopGraceMs: 30_000,

    async prepare(markerArg) {
      const runtime = await cachedRuntime('kafka', 'jars');
      const jdk = findJava(minJava, 'SHIPFOLD_KAFKA_JAVA_HOME');
      const java = javaBinary(jdk);
      const home = paths.home(node.name);
      const dataDir = join(home, 'data');
      await mkdir(dataDir, { recursive: true });
      const serverProperties = join(home, 'server.properties');
      const log4j = join(home, 'log4j.properties');
      await writeFile(
        serverProperties,
        renderServerProperties({
          host,
          brokerPort: node.brokerPort,
          controllerPort: node.controllerPort,
          dataDir,
          ...(node.cluster ? { cluster: node.cluster } : {}),
        }),
      );
      await writeFile(log4j, renderLog4jProperties());
      const classPath = ['-cp', join(runtime, 'lib', '*')];
      const logging = [`-Dlog4j.configuration=file:${log4j}`, `-Dkafka.logs.dir=${join(home, 'logs')}`];
      if (!existsSync(join(dataDir, 'meta.properties'))) {
        const clusterId = await persistedClusterId(node.clusterIdFile);
        log.info(`formatting Kafka storage in ${dataDir} (cluster id ${clusterId})`);
        const format = ['kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', serverProperties];
        await execFileAsync(java, [...logging, ...classPath, ...format, '--ignore-formatted']).catch(
          (error) => {
            throw new Error(`formatting Kafka storage failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
          },
        );
      }
      return {
        command: java,
        args: [
          ...heap,
          ...jvmFlags,
          ...classDataSharing(jdk, runtime, home),
          ...logging,
          markerArg,
          ...classPath,
          'kafka.Kafka',
          serverProperties,
        ],
        cwd: home,
        env: process.env,
      };
    },

    answers: () => kafkaAnswers(node.bootstrap),
  };
}

/** The single broker (and controller) of the local stack. */
export const kafka = kafkaNode({
  name: 'kafka',
  brokerPort: ports.kafka,
  controllerPort: ports.kafkaController,
  clusterIdFile: join(paths.home('kafka'), 'cluster-id'),
  bootstrap: endpoints().kafkaBrokers,
});

/**
 * The three-node cluster, beside the single broker, for tests of broker failures: every node is
 * broker and controller, and each counts as up once it answers on its own port.
 */
export const kafkaCluster: ManagedComponent[] = kafkaClusterNodes.map((name, index) => {
  const own = ports.kafkaCluster[index] as { broker: number; controller: number };
  return kafkaNode({
    name,
    brokerPort: own.broker,
    controllerPort: own.controller,
    clusterIdFile: join(paths.home('kafka-1'), '..', 'kafka-cluster-id'),
    bootstrap: `${host}:${own.broker}`,
    cluster: { nodeId: index + 1, controllerPorts: ports.kafkaCluster.map(({ controller }) => controller) },
  });
});

/** The cluster id is chosen once per `.stack/` and kept, so formatting is repeatable. */
async function persistedClusterId(file: string): Promise<string> {
  const existing = existsSync(file) ? (await readFile(file, 'utf8')).trim() : '';
  if (isClusterId(existing)) return existing;
  const id = newClusterId();
  await writeFile(file, `${id}\n`);
  return id;
}

/** Whether the broker answers a metadata request (its controller is up and it has registered). */
export const kafkaAnswers = (brokers: string): Promise<boolean> => clusterAnswers([brokers]);
