import { randomBytes } from 'node:crypto';
import { readTopics } from './read-topics';

/**
 * Prints every record of the given topics as one JSON line each, from their beginning, until Ctrl-C:
 *   KAFKA_BROKERS=127.0.0.1:9092 SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7 \
 *     npx tsx examples/consumer/src/main.ts shipfold.shipment-events.v1 shipfold.return-events.v1
 */
const topics = process.argv.slice(2);
if (topics.length === 0) {
  process.stderr.write(
    'usage: main.ts TOPIC [TOPIC…] (KAFKA_BROKERS and SCHEMA_REGISTRY_URL from the environment)\n',
  );
  process.exit(2);
}
const reader = await readTopics({
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  registryUrl: process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7',
  topics,
  groupId: `example-consumer-${randomBytes(4).toString('hex')}`,
  onRecord: (record) => {
    process.stdout.write(`${JSON.stringify(record)}\n`);
  },
});
process.once('SIGINT', () => void reader.close().then(() => process.exit(0)));
