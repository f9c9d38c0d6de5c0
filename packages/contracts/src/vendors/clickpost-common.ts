import { type Static, Type } from '@sinclair/typebox';
import { LooseInteger, LooseText, LooseTimestamp } from './loose';

/**
 * One Clickpost status observation, as found at the top of a tracking webhook, in
 * `additional.latest_status`, in a track-order `scans[]` entry and in its `latest_status`.
 */
export const ClickpostStatus = Type.Object(
  {
    clickpost_status_code: Type.Optional(LooseInteger),
    clickpost_status_description: Type.Optional(LooseText),
    clickpost_status_bucket: Type.Optional(LooseInteger),
    clickpost_status_bucket_description: Type.Optional(LooseText),
    status: Type.Optional(LooseText),
    remark: Type.Optional(LooseText),
    location: Type.Optional(LooseText),
    timestamp: Type.Optional(LooseTimestamp),
    reference_number: Type.Optional(LooseText),
  },
  { description: 'A Clickpost status (scan); unknown fields are kept' },
);
export type ClickpostStatus = Static<typeof ClickpostStatus>;

/** An item of a Clickpost return request (`additional.item_info[]`). */
export const ClickpostItemInfo = Type.Object({
  sku: LooseText,
  quantity: Type.Optional(LooseInteger),
  return_reason: Type.Optional(LooseText),
  refund_mode: Type.Optional(LooseText),
  return_reference_number: Type.Optional(LooseText),
});
export type ClickpostItemInfo = Static<typeof ClickpostItemInfo>;

/** `meta` of every Clickpost API response; `message` is sometimes an object (validation errors). */
export const ClickpostMeta = Type.Object({
  success: Type.Optional(Type.Union([Type.Boolean(), Type.String(), Type.Null()])),
  status: Type.Optional(LooseInteger),
  message: Type.Optional(Type.Unknown()),
});
export type ClickpostMeta = Static<typeof ClickpostMeta>;
