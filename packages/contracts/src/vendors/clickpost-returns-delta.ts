import { type Static, Type } from '@sinclair/typebox';
import { ClickpostMeta } from './clickpost-common';
import { ClickpostWebhook } from './clickpost-webhook';
import { LooseInteger, LooseText, LooseTimestamp, Maybe } from './loose';

/**
 * One return request in the Returns Polling Delta API result. `webhook_payload` is the Return Order
 * Placed webhook for it (with the reverse waybill once one exists); `timestamp` is documented as UTC.
 */
export const ClickpostReturnsDeltaRecord = Type.Object(
  {
    return_reference_number: LooseText,
    status: Type.Optional(LooseText),
    /** The docs' table names it "Return Request Timestamp"; both spellings are read. */
    return_request_timestamp: Type.Optional(LooseTimestamp),
    'Return Request Timestamp': Type.Optional(LooseTimestamp),
    timestamp: Type.Optional(LooseTimestamp),
    cp_id: Type.Optional(LooseInteger),
    cp_name: Type.Optional(LooseText),
    account_code: Type.Optional(LooseText),
    return_tracking_id: Type.Optional(LooseText),
    awb: Type.Optional(LooseText),
    refund_mode: Type.Optional(LooseText),
    source: Type.Optional(LooseText),
    webhook_payload: Maybe(Type.Partial(ClickpostWebhook)),
  },
  { title: 'Clickpost returns delta record', description: 'Unknown fields are kept' },
);
export type ClickpostReturnsDeltaRecord = Static<typeof ClickpostReturnsDeltaRecord>;

/** The Returns Polling Delta API response: every return request raised in a window of at most 60 minutes. */
export const ClickpostReturnsDeltaResponse = Type.Object(
  {
    meta: Type.Optional(ClickpostMeta),
    result: Maybe(Type.Array(ClickpostReturnsDeltaRecord)),
  },
  { title: 'Clickpost returns delta response' },
);
export type ClickpostReturnsDeltaResponse = Static<typeof ClickpostReturnsDeltaResponse>;
