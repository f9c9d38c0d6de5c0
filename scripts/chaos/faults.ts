import { setTimeout as hold } from 'node:timers/promises';
import {
  freezeComponent,
  killComponent,
  type ManagedName,
  startComponent,
  stopComponent,
} from '@shipfold/devstack';
import type { Pool } from 'pg';
import type { Fleet } from './fleet';

/**
 * The faults of a chaos run, in the order they are done. Each one is injected, held for a while (the
 * holds are the faults' durations, not waits for anything), and healed; the run then measures the
 * recovery. Each acts only on what the local stack or the run itself started.
 */

export interface FaultContext {
  fleet: Fleet;
  /** Superuser pool on the private PostgreSQL (not the run's database). */
  admin: Pool;
  databaseName: string;
  /** The broker killed, and the one hung (on one broker, the same). */
  brokers: { kill: ManagedName; hang: ManagedName };
  /** Seconds a fault is held (shorter in the short form). */
  holdSeconds: number;
  random: () => number;
}

export interface Fault {
  name: string;
  /** Does the fault; resolves once it is over (healed). Returns a detail for the table. */
  run(context: FaultContext): Promise<string>;
}

const seconds = (context: FaultContext, factor = 1) => context.holdSeconds * 1000 * factor;

export const FAULTS: readonly Fault[] = [
  {
    name: 'broker kill -9, restarted',
    async run(context) {
      await killComponent(context.brokers.kill);
      await hold(seconds(context));
      await startComponent(context.brokers.kill);
      return context.brokers.kill;
    },
  },
  {
    name: 'broker hung (SIGSTOP/SIGCONT)',
    async run(context) {
      await freezeComponent(context.brokers.hang, true);
      try {
        await hold(seconds(context));
      } finally {
        await freezeComponent(context.brokers.hang, false);
      }
      return context.brokers.hang;
    },
  },
  {
    name: 'PostgreSQL connections terminated ×5',
    async run(context) {
      let terminated = 0;
      for (let round = 0; round < 5; round++) {
        const { rowCount } = await context.admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [context.databaseName],
        );
        terminated += rowCount ?? 0;
        await hold(seconds(context, 0.2));
      }
      return `${terminated} backends`;
    },
  },
  {
    name: 'PostgreSQL restarted',
    async run(context) {
      await stopComponent('private-postgres');
      await hold(seconds(context, 0.5));
      await startComponent('private-postgres');
      return 'private instance';
    },
  },
  {
    name: 'schema registry stopped, started',
    async run(context) {
      await stopComponent('registry');
      await hold(seconds(context));
      await startComponent('registry');
      return 'registry';
    },
  },
  {
    name: 'random consumer kill -9 ×3',
    async run(context) {
      const consumers = context.fleet.instances.filter(
        (instance) => instance.kind !== 'ingress' && instance.kind !== 'poller',
      );
      const killed: string[] = [];
      for (let round = 0; round < 3; round++) {
        const victim = consumers[Math.floor(context.random() * consumers.length)];
        if (!victim) break;
        await context.fleet.kill(victim);
        killed.push(victim.name);
        await hold(seconds(context, 0.8));
      }
      return killed.join(', ');
    },
  },
  {
    name: 'rolling SIGTERM restart of every instance',
    async run(context) {
      for (const instance of context.fleet.instances) await context.fleet.restart(instance);
      return `${context.fleet.instances.length} instances`;
    },
  },
];
