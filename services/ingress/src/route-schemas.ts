import { Type } from '@sinclair/typebox';

/** Every error answer has this shape; `error` is a stable machine-readable code. */
export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Machine-readable code, e.g. unauthorized, malformed-json' }),
    message: Type.String({ description: 'What was wrong, for a human' }),
    deliveryId: Type.Optional(
      Type.String({ description: 'Set when the bytes were kept anyway (malformed JSON, on the DLQ)' }),
    ),
  },
  { additionalProperties: false },
);

export type ErrorCode =
  | 'unauthorized'
  | 'unsupported-media-type'
  | 'payload-too-large'
  | 'malformed-json'
  | 'bad-request'
  | 'not-found'
  | 'unavailable'
  | 'internal-error';

export const errorBody = (error: ErrorCode, message: string, deliveryId?: string) =>
  deliveryId === undefined ? { error, message } : { error, message, deliveryId };

export const Accepted = Type.Object({
  deliveryId: Type.String({ description: 'UUIDv7 of the delivery, now on the raw topic' }),
});

const errorResponse = (description: string) => ({ ...ErrorBody, description });

export function webhookResponses(emptyAnswer: boolean) {
  return {
    200: emptyAnswer
      ? Type.Null({ description: 'Written to Kafka (acks = all); empty body' })
      : { ...Accepted, description: 'Written to Kafka (acks = all)' },
    400: errorResponse('Malformed JSON: the bytes are kept on the DLQ topic (reason malformed-json)'),
    401: errorResponse('Missing or wrong credentials; nothing was written'),
    413: errorResponse('Body larger than the configured limit'),
    415: errorResponse('Content type is not JSON'),
    503: errorResponse('Not written (Kafka unavailable or slow); retry after the Retry-After delay'),
  };
}
