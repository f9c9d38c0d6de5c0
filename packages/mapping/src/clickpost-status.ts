import type { StatusObservation } from '@shipfold/contracts';
import { readRequiredInstant } from './time';
import type { Field } from './tolerant';

/**
 * A Clickpost status observation (the outer scan of a webhook, `latest_status`, a track-order scan):
 * it needs a status code and a time; the texts are optional (an absent carrier status reads as '').
 */
export function readObservation(field: Field, zone: string): StatusObservation {
  const statusCode = field.get('clickpost_status_code').requiredInteger('clickpost_status_code');
  const occurredAt = readRequiredInstant(field.get('timestamp'), zone, 'timestamp of the status');
  return {
    statusCode,
    status: field.get('status').text() ?? '',
    description: field.get('clickpost_status_description').text(),
    bucket: field.get('clickpost_status_bucket').integer(),
    bucketDescription: field.get('clickpost_status_bucket_description').text(),
    location: field.get('location').text(),
    remark: field.get('remark').text(),
    occurredAt,
  };
}

/** `latest_status` and the like: absent reads as null, present must be a readable observation. */
export const readOptionalObservation = (field: Field, zone: string): StatusObservation | null =>
  field.absent ? null : readObservation(field, zone);

/** A courier partner id; Clickpost sends -1 on return placements, before any courier is assigned. */
export function readCourierPartner(field: Field): number | null {
  const cpId = field.integer();
  return cpId !== null && cpId >= 0 ? cpId : null;
}
