import { endpoints, kafkaClusterBrokers } from './endpoints';
import { type ManagedName, managedNames } from './layout';
import {
  stackDown,
  stackStatus,
  stackUp,
  startComponent,
  startKafkaCluster,
  stopComponent,
  stopKafkaCluster,
} from './stack';
import { renderStatusTable } from './status-table';

const usage = `usage: tsx packages/devstack/src/cli.ts <command>
  up                 start Kafka and the registry (and create the databases), wait until they answer
  down               stop what 'up' started
  status             print a table of the components; exit code 0 when all are up
  start <component>  start one of: ${managedNames.join(', ')}
  stop <component>   stop one of: ${managedNames.join(', ')}
  env                print the endpoints as environment variables
  cluster-up         start a three-node Kafka cluster beside the single broker (replication 3,
                     min.insync.replicas 2; brokers ${kafkaClusterBrokers})
  cluster-down       stop it`;

function envLines(): string {
  const e = endpoints();
  return `KAFKA_BROKERS=${e.kafkaBrokers}\nSCHEMA_REGISTRY_URL=${e.schemaRegistryUrl}\nDATABASE_URL=${e.databaseUrl}\n`;
}

function componentArg(value: string | undefined): ManagedName {
  if (!value || !managedNames.includes(value as ManagedName)) {
    throw new Error(`name a component: ${managedNames.join(', ')}\n\n${usage}`);
  }
  return value as ManagedName;
}

async function main(argv: string[]): Promise<number> {
  const [command, arg] = argv;
  switch (command) {
    case 'up':
      await stackUp();
      process.stdout.write(envLines());
      return 0;
    case 'down':
      await stackDown();
      return 0;
    case 'status': {
      const statuses = await stackStatus();
      process.stdout.write(renderStatusTable(statuses));
      return statuses.every((s) => s.up) ? 0 : 1;
    }
    case 'start':
      await startComponent(componentArg(arg));
      return 0;
    case 'stop':
      await stopComponent(componentArg(arg));
      return 0;
    case 'env':
      process.stdout.write(envLines());
      return 0;
    case 'cluster-up':
      await startKafkaCluster();
      process.stdout.write(`KAFKA_BROKERS=${kafkaClusterBrokers}\nTOPIC_REPLICATION_FACTOR=3\n`);
      return 0;
    case 'cluster-down':
      await stopKafkaCluster();
      return 0;
    default:
      process.stderr.write(`${usage}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[devstack] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
