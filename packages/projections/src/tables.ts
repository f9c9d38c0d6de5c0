/**
 * SQL helpers shared by the projections. Every statement names its tables through `Tables`, so the
 * same code writes the live tables (schema `public`) or a rebuild's scratch schema.
 */

export const LIVE_SCHEMA = 'public';

/** Where each projection stands on each partition (positions.ts): applied in the same transactions. */
export const POSITIONS_TABLE = 'projector_positions';

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

export interface Tables {
  schema: string;
  shipments: string;
  shipmentScans: string;
  returnFacts: string;
  returnKeys: string;
  returnOrders: string;
  returnItems: string;
  dlqRecords: string;
  positions: string;
}

export function tablesIn(schema: string): Tables {
  const table = (name: string) => `${quote(schema)}.${quote(name)}`;
  return {
    schema,
    shipments: table('shipments'),
    shipmentScans: table('shipment_scans'),
    returnFacts: table('return_facts'),
    returnKeys: table('return_keys'),
    returnOrders: table('return_orders'),
    returnItems: table('return_items'),
    dlqRecords: table('dlq_records'),
    positions: table(POSITIONS_TABLE),
  };
}

export const quoteIdentifier = quote;

/**
 * A timestamptz column read back as the folds' canonical instant text (`…SS.ffffffZ`): node-pg would
 * otherwise return a Date and lose the microseconds the folds compare.
 */
export const instantText = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
