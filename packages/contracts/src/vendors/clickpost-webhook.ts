import { type Static, Type } from '@sinclair/typebox';
import { ClickpostItemInfo, ClickpostStatus } from './clickpost-common';
import { LooseBoolean, LooseInteger, LooseText, LooseTimestamp, Maybe } from './loose';

/** `additional` of a Clickpost webhook: latest status, NDR, EDD, RVP / return links, selected event id. */
export const ClickpostWebhookAdditional = Type.Object({
  latest_status: Maybe(ClickpostStatus),
  notification_event_id: Type.Optional(LooseInteger),
  ndr_status_code: Type.Optional(LooseInteger),
  ndr_status_description: Type.Optional(LooseText),
  courier_partner_edd: Type.Optional(LooseText),
  is_rvp: Type.Optional(LooseBoolean),
  forward_awb: Type.Optional(LooseText),
  forward_reference_number: Type.Optional(LooseText),
  forward_order_id: Type.Optional(LooseText),
  return_reference_number: Type.Optional(LooseText),
  reference_number: Type.Optional(LooseText),
  order_id: Type.Optional(LooseText),
  account_code: Type.Optional(LooseText),
  self_shipped: Type.Optional(LooseBoolean),
  refund_mode: Type.Optional(LooseText),
  item_info: Maybe(Type.Array(ClickpostItemInfo)),
});
export type ClickpostWebhookAdditional = Static<typeof ClickpostWebhookAdditional>;

/**
 * A Clickpost webhook: all-status and selected-event tracking (NDR, RVP), Return Order Placed and the
 * other return-request events. The outer fields are the scan the webhook was sent for; `waybill` is blank
 * and `cp_id` is -1 on return placements (no courier yet). `notification_event` (top level) and
 * `additional.notification_event_id` both occur.
 */
export const ClickpostWebhook = Type.Object(
  {
    waybill: Type.Optional(LooseText),
    cp_id: Type.Optional(LooseInteger),
    account_code: Type.Optional(LooseText),
    clickpost_status_code: LooseInteger,
    clickpost_status_description: Type.Optional(LooseText),
    clickpost_status_bucket: Type.Optional(LooseInteger),
    clickpost_status_bucket_description: Type.Optional(LooseText),
    status: Type.Optional(LooseText),
    remark: Type.Optional(LooseText),
    location: Type.Optional(LooseText),
    timestamp: LooseTimestamp,
    notification_event: Type.Optional(LooseInteger),
    reference_number: Type.Optional(LooseText),
    additional: Maybe(ClickpostWebhookAdditional),
  },
  { title: 'Clickpost webhook', description: 'Unknown fields are kept' },
);
export type ClickpostWebhook = Static<typeof ClickpostWebhook>;

/**
 * Clickpost's test webhook (`/api/v1/test_webhook`): the sample payload wrapped as `test_data`, with the
 * URL it was sent to as `test_url`.
 */
export const ClickpostTestWebhook = Type.Object(
  { test_url: Type.Optional(LooseText), test_data: Type.Unknown() },
  { title: 'Clickpost test webhook' },
);
export type ClickpostTestWebhook = Static<typeof ClickpostTestWebhook>;
