import { type Static, Type } from '@sinclair/typebox';
import { ClickpostMeta, ClickpostStatus } from './clickpost-common';
import { LooseBoolean, LooseInteger, LooseText, Maybe } from './loose';

/**
 * Raw-envelope header in which the poller records the courier partner id it asked track-order about:
 * responses carry `additional.courier_partner_id` only since 2022, yet a shipment is identified by
 * cp_id + waybill.
 */
export const TRACK_ORDER_CP_ID_HEADER = 'x-clickpost-cp-id';

/** `additional` of a track-order record (shipment-level facts). */
export const ClickpostTrackOrderAdditional = Type.Object({
  courier_partner_id: Type.Optional(LooseInteger),
  courier_partner_edd: Type.Optional(LooseText),
  is_rvp: Type.Optional(LooseBoolean),
  forward_awb: Type.Optional(LooseText),
  forward_reference_number: Type.Optional(LooseText),
  return_reference_number: Type.Optional(LooseText),
  reference_number: Type.Optional(LooseText),
  order_id: Type.Optional(LooseText),
  account_code: Type.Optional(LooseText),
});

/** What track-order knows about one waybill: every scan, the latest status, shipment-level extras. */
export const ClickpostTrackOrderRecord = Type.Object({
  valid: Type.Optional(LooseBoolean),
  latest_status: Maybe(ClickpostStatus),
  additional: Maybe(ClickpostTrackOrderAdditional),
  scans: Maybe(Type.Array(ClickpostStatus)),
});
export type ClickpostTrackOrderRecord = Static<typeof ClickpostTrackOrderRecord>;

/** Per waybill: a record, or (legacy responses) the bare list of scans. */
export const ClickpostTrackOrderEntry = Type.Union([ClickpostTrackOrderRecord, Type.Array(ClickpostStatus)]);

const ByWaybill = Type.Record(Type.String(), ClickpostTrackOrderEntry);

/**
 * The track-order API response. `result` maps each waybill asked for to its entry; the prose of the
 * docs also calls it an array of such maps, and a waybill Clickpost does not know gives `result: null`.
 */
export const ClickpostTrackOrderResponse = Type.Object(
  {
    meta: Type.Optional(ClickpostMeta),
    result: Maybe(Type.Union([ByWaybill, Type.Array(ByWaybill)])),
  },
  { title: 'Clickpost track-order response', description: 'Unknown fields are kept' },
);
export type ClickpostTrackOrderResponse = Static<typeof ClickpostTrackOrderResponse>;
