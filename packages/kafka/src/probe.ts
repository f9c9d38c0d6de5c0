import { Kafka, logLevel } from 'kafkajs';

/**
 * Whether the cluster answers a metadata request (a controller is up and a broker has registered):
 * one quick try, no retries, no logging.
 */
export async function clusterAnswers(brokers: readonly string[]): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'shipfold-probe',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
