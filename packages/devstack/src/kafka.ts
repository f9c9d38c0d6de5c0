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
import { isClusterId, newClusterId, renderLog4jProperties, renderServerProperties } from './kafka-config';
import { paths } from './layout';
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

export const kafka: ManagedComponent = {
  name: 'kafka',
  ports: [ports.kafka, ports.kafkaController],
  endpoint: endpoints().kafkaBrokers,
  readyTimeoutMs: 90_000,
  stopGraceMs: 30_000,

  async prepare(markerArg) {
    const runtime = await cachedRuntime('kafka', 'jars');
    const jdk = findJava(minJava, 'SHIPFOLD_KAFKA_JAVA_HOME');
    const java = javaBinary(jdk);
    const home = paths.home('kafka');
    const dataDir = join(home, 'data');
    await mkdir(dataDir, { recursive: true });
    const serverProperties = join(home, 'server.properties');
    const log4j = join(home, 'log4j.properties');
    await writeFile(
      serverProperties,
      renderServerProperties({
        host,
        brokerPort: ports.kafka,
        controllerPort: ports.kafkaController,
        dataDir,
      }),
    );
    await writeFile(log4j, renderLog4jProperties());
    const classPath = ['-cp', join(runtime, 'lib', '*')];
    const logging = [`-Dlog4j.configuration=file:${log4j}`, `-Dkafka.logs.dir=${join(home, 'logs')}`];
    if (!existsSync(join(dataDir, 'meta.properties'))) {
      const clusterId = await persistedClusterId(join(home, 'cluster-id'));
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

  answers: () => kafkaAnswers(endpoints().kafkaBrokers),
};

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
