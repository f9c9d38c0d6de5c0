import type { ManagedName } from './layout';
import type { LaunchCommand } from './processes';

/** A process devstack starts, watches and stops: Kafka, the registry, or the private PostgreSQL. */
export interface ManagedComponent {
  name: ManagedName;
  /** Every port the process binds; one already taken means something else is in the way. */
  ports: readonly number[];
  endpoint: string;
  /** How long a start may take before it counts as failed (a JVM's first start on a small box is slow). */
  readyTimeoutMs: number;
  /** How long a SIGTERM may take before SIGKILL. */
  stopGraceMs: number;
  /** The signal that stops it cleanly (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** What goes before the marker on the command line (default `-D`, a JVM system property). */
  markerPrefix?: string;
  /** Fetches what is missing and writes configuration; the command must carry `markerArg` (a JVM -D flag). */
  prepare(markerArg: string): Promise<LaunchCommand>;
  /** Whether the service answers its clients. */
  answers(): Promise<boolean>;
}
