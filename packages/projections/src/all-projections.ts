import { dlqProjection } from './dlq/projection';
import { returnProjection } from './returns/projection';
import { shipmentProjection } from './shipments/projection';

/** Every projection the projector applies (and `shipfold rebuild` can rebuild). */
export const ALL_PROJECTIONS = [shipmentProjection, returnProjection, dlqProjection] as const;

/** The tables of every projection, in the order of ALL_PROJECTIONS. */
export const PROJECTION_TABLES: readonly string[] = ALL_PROJECTIONS.flatMap(
  (projection) => projection.tables,
);
