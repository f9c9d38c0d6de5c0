-- Up Migration

-- The projector's read model (issue 5). Every table here is derived from the event topics and can be
-- rebuilt from them (`shipfold rebuild`): the rebuild creates copies with CREATE TABLE … (LIKE …
-- INCLUDING ALL) in a scratch schema and moves them into place in one transaction, so these tables
-- carry no foreign keys (LIKE does not copy them) and every index is defined on the table itself.
-- Instants are timestamptz (microseconds), the precision the folds work at.

-- One row per shipment: the fold's state without its scan set (packages/domain/src/shipment.ts).
-- Each "latest by event time" field keeps the instant it was observed at (`*_at`), which the fold
-- needs to merge later events in any order.
CREATE TABLE shipments (
  waybill text NOT NULL,
  cp_id integer NOT NULL,
  status_code integer NOT NULL,
  status text NOT NULL,
  description text,
  bucket integer,
  bucket_description text,
  location text,
  remark text,
  status_at timestamptz NOT NULL,
  is_terminal boolean NOT NULL,
  ndr_code integer,
  ndr_description text,
  ndr_at timestamptz,
  edd text,
  edd_at timestamptz,
  is_rvp boolean NOT NULL,
  forward_awb text,
  forward_awb_at timestamptz,
  forward_reference text,
  forward_reference_at timestamptz,
  return_reference text,
  return_reference_at timestamptz,
  reference_number text,
  reference_number_at timestamptz,
  account_code text,
  account_code_at timestamptz,
  first_scan_at timestamptz NOT NULL,
  last_scan_at timestamptz NOT NULL,
  -- Bookkeeping, not part of the aggregate: optimistic concurrency and when it was last written.
  version bigint NOT NULL DEFAULT 1,
  projected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (waybill, cp_id)
);
CREATE INDEX shipments_forward_awb_idx ON shipments (forward_awb) WHERE forward_awb IS NOT NULL;

-- The scan timeline: one row per scan (event id) of a shipment.
CREATE TABLE shipment_scans (
  waybill text NOT NULL,
  cp_id integer NOT NULL,
  event_id text NOT NULL,
  status_code integer NOT NULL,
  status text NOT NULL,
  description text,
  bucket integer,
  bucket_description text,
  location text,
  remark text,
  occurred_at timestamptz NOT NULL,
  -- Decides between two copies of one scan (same event id, different content): the greater wins.
  fingerprint text COLLATE "C" NOT NULL,
  PRIMARY KEY (waybill, cp_id, event_id)
);

-- Return facts (packages/domain/src/return-facts.ts), grouped in connected components of their
-- identity keys; a batch re-folds only the components its facts touch.
CREATE TABLE return_facts (
  event_id text PRIMARY KEY,
  component_id text NOT NULL,
  fingerprint text COLLATE "C" NOT NULL,
  fact jsonb NOT NULL
);
CREATE INDEX return_facts_component_idx ON return_facts (component_id);

-- Every identity key (ref:, redo:, awb:, req:, evt:, fwd:) → its component, and the return it names
-- when exactly one return of the component carries it (lookups by reference, AWB or an old id).
CREATE TABLE return_keys (
  key text PRIMARY KEY,
  component_id text NOT NULL,
  return_id text
);
CREATE INDEX return_keys_component_idx ON return_keys (component_id);

CREATE TABLE return_orders (
  id text PRIMARY KEY,
  component_id text NOT NULL,
  platform text NOT NULL,
  return_reference text,
  -- The link to the reverse pickup shipment (shipments.waybill, shipments.cp_id).
  return_awb text,
  cp_id integer,
  -- The link to the forward shipment and order.
  forward_awb text,
  forward_reference text,
  forward_order_id text,
  status text,
  status_code integer,
  refund_mode text,
  self_shipped boolean,
  channels text[] NOT NULL,
  event_ids text[] NOT NULL,
  first_seen_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  projected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX return_orders_component_idx ON return_orders (component_id);
CREATE INDEX return_orders_forward_awb_idx ON return_orders (forward_awb) WHERE forward_awb IS NOT NULL;
CREATE INDEX return_orders_forward_reference_idx ON return_orders (forward_reference)
  WHERE forward_reference IS NOT NULL;
CREATE INDEX return_orders_return_reference_idx ON return_orders (return_reference)
  WHERE return_reference IS NOT NULL;
CREATE INDEX return_orders_return_awb_idx ON return_orders (return_awb) WHERE return_awb IS NOT NULL;

CREATE TABLE return_items (
  return_id text NOT NULL,
  sku text NOT NULL,
  component_id text NOT NULL,
  quantity integer NOT NULL,
  reason text,
  refund_mode text,
  qc_status text,
  qc_reason text,
  status text,
  PRIMARY KEY (return_id, sku)
);
CREATE INDEX return_items_component_idx ON return_items (component_id);

-- Rejected deliveries from shipfold.dlq.v1, for the API. The envelope is kept as JSON text, not
-- jsonb: rejected bodies may hold \u0000, which jsonb refuses.
CREATE TABLE dlq_records (
  topic text NOT NULL,
  partition integer NOT NULL,
  "offset" bigint NOT NULL,
  delivery_id text NOT NULL,
  stage text NOT NULL,
  reason text NOT NULL,
  detail text NOT NULL,
  path text,
  source text,
  received_at timestamptz,
  -- Null when the record's own instant is unreadable (a normalizer bug must not block this table).
  rejected_at timestamptz,
  envelope text NOT NULL,
  PRIMARY KEY (topic, partition, "offset")
);
CREATE INDEX dlq_records_rejected_at_idx ON dlq_records (rejected_at DESC NULLS LAST, topic, partition, "offset");
CREATE INDEX dlq_records_delivery_idx ON dlq_records (delivery_id);

-- How far each projection has applied each topic partition: written in the same transaction as the
-- rows it accounts for, so a restart resumes exactly where the last commit ended.
CREATE TABLE projector_positions (
  projection text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  next_offset bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (projection, topic, partition)
);

-- Down Migration

DROP TABLE projector_positions;
DROP TABLE dlq_records;
DROP TABLE return_items;
DROP TABLE return_orders;
DROP TABLE return_keys;
DROP TABLE return_facts;
DROP TABLE shipment_scans;
DROP TABLE shipments;
