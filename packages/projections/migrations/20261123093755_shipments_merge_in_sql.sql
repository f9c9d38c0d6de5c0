-- Up Migration

-- The projector merges shipment heads inside INSERT … ON CONFLICT DO UPDATE (no read before write):
-- the current status needs its fingerprint for the last tie-break, and the optimistic version
-- column is no longer needed (the merge itself is the concurrency control).
ALTER TABLE shipments ADD COLUMN status_fingerprint text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE shipments ALTER COLUMN status_fingerprint DROP DEFAULT;
ALTER TABLE shipments DROP COLUMN version;

-- Down Migration

ALTER TABLE shipments ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE shipments DROP COLUMN status_fingerprint;
