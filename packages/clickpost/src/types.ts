/**
 * Shapes of Clickpost answers as the client hands them out. Deliberately loose (index signatures):
 * Clickpost adds fields over time and the normalizer, not the client, is the tolerant reader.
 */

export interface ClickpostScan {
  clickpost_status_code?: number;
  clickpost_status_description?: string;
  clickpost_status_bucket?: number;
  clickpost_status_bucket_description?: string;
  status?: string;
  location?: string;
  remark?: string;
  timestamp?: string;
  [field: string]: unknown;
}

/** One waybill of a track-order answer. Legacy answers send a bare list of scans instead. */
export interface TrackOrderEntry {
  latest_status?: ClickpostScan;
  scans?: ClickpostScan[];
  additional?: Record<string, unknown>;
  /** false for a waybill Clickpost does not know. */
  valid?: boolean;
  [field: string]: unknown;
}

export type TrackOrderValue = TrackOrderEntry | ClickpostScan[];

/** One result of the Returns Polling Delta API. */
export interface ReturnsDeltaResult {
  return_reference_number?: string;
  status?: string;
  cp_id?: number | null;
  cp_name?: string | null;
  account_code?: string | null;
  return_tracking_id?: number | null;
  awb?: string | null;
  timestamp?: string | null;
  refund_mode?: string | null;
  source?: string;
  webhook_payload?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface AwbRegistration {
  waybill: string;
  cpId: number;
  accountCode?: string;
  /** Passed through as Clickpost documents them (snake_case). */
  consumerDetails?: Record<string, unknown>;
  shipmentInfo?: Record<string, unknown>;
  additional?: Record<string, unknown>;
}

export interface AwbRegistrationResult {
  /** `already-registered` is Clickpost's 303, which makes registering idempotent. */
  outcome: 'registered' | 'already-registered';
  trackingId: number | null;
  securityKey: string | null;
}

/** Service ids of register-service: 1 order placement, 2 tracking, 3 recommendation engine. */
export type ClickpostServiceId = 1 | 2 | 3;
