-- Up Migration

-- The poller's own state (issue 6). Not derived from the topics: it records what was asked of
-- Clickpost, so a rebuild of the read model leaves it alone.

-- How far each polling stream has been read and published, e.g. the Returns Polling Delta API:
-- `position` is the end of the last window whose results Kafka acknowledged. A poll cycle holds the
-- row (SELECT … FOR UPDATE SKIP LOCKED) while it polls and publishes, so two pollers never poll the
-- same stream at once, and a crash before the update leaves the checkpoint where it was.
CREATE TABLE poller_checkpoints (
  stream text PRIMARY KEY,
  position timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- When the track-order fallback last asked Clickpost about a shipment, and whether it has polled it
-- since the shipment's journey ended (one confirming poll completes a timeline whose webhooks were
-- partly lost).
CREATE TABLE poller_track_polls (
  waybill text NOT NULL,
  cp_id integer NOT NULL,
  polled_at timestamptz NOT NULL,
  polled_terminal boolean NOT NULL DEFAULT false,
  PRIMARY KEY (waybill, cp_id)
);

-- Waybills registered with Clickpost for tracking (POST /v1/shipments, `shipfold register`), and
-- their state. The shipment API shows it; the track-order fallback polls registered waybills even
-- before any webhook arrived for them.
CREATE TABLE clickpost_registrations (
  waybill text NOT NULL,
  cp_id integer NOT NULL,
  account_code text,
  state text NOT NULL CHECK (state IN ('pending', 'registered', 'unregistered', 'failed')),
  tracking_id bigint,
  -- The error of the last failed attempt (Clickpost's status and message; never the API key).
  last_error text,
  registered_at timestamptz,
  unregistered_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (waybill, cp_id)
);
CREATE INDEX clickpost_registrations_state_idx ON clickpost_registrations (state);

-- Down Migration

DROP TABLE clickpost_registrations;
DROP TABLE poller_track_polls;
DROP TABLE poller_checkpoints;
