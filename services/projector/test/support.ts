import { randomBytes } from 'node:crypto';
import type { TopicNames } from '@shipfold/contracts';
import { createPool } from '@shipfold/db';
import { createRegistry, type Kafka } from '@shipfold/kafka';
import { ALL_PROJECTIONS, LIVE_SCHEMA, type Projection, tablesIn } from '@shipfold/projections';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { inject } from 'vitest';
import {
  createProjectionConsumer,
  createProjectorMetrics,
  createWireDecoder,
  type ProjectionConsumer,
} from '../src/index';

export interface RunningProjector {
  projector: ProjectionConsumer;
  pool: Pool;
  metrics: Registry;
  stop(): Promise<void>;
}

/** An in-process projector on the given database, as the service runs it. */
export async function startProjector(
  kafka: Kafka,
  names: TopicNames,
  databaseUrl: string,
  options: { groupId?: string; projections?: readonly Projection[]; schema?: string } = {},
): Promise<RunningProjector> {
  const pool = createPool(databaseUrl, { max: 4 });
  const metrics = new Registry();
  const quiet = () => undefined;
  const projector = createProjectionConsumer({
    kafka,
    decode: createWireDecoder(createRegistry(inject('endpoints').schemaRegistryUrl)),
    pool,
    names,
    tables: tablesIn(options.schema ?? LIVE_SCHEMA),
    projections: options.projections ?? ALL_PROJECTIONS,
    metrics: createProjectorMetrics(metrics),
    groupId: options.groupId ?? `${names.raw}.projector-${randomBytes(3).toString('hex')}`,
    log: {
      debug: quiet,
      info: quiet,
      warn: quiet,
      error: (details, message) => console.error(message, details),
    },
    partitionsConcurrently: 2,
    onFatal: (error) => console.error('projection consumer crashed for good', error),
  });
  await projector.start();
  return {
    projector,
    pool,
    metrics,
    async stop() {
      await projector.stop();
      await pool.end();
    },
  };
}
