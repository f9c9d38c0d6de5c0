/** Clickpost's error bodies, as its API sends them (with HTTP 200). */

export type ClickpostMessage = string | Record<string, string[]>;

export const metaError = (status: number, message: ClickpostMessage) => ({
  meta: { status, message, success: false },
});

export const metaSuccess = (result: unknown) => ({
  meta: { status: 200, message: 'SUCCESS', success: true },
  result,
});

export const AUTH_FAILED = metaError(301, 'Authentication Failed: Invalid Token or API Key');
export const INVALID_CP_ID = metaError(302, 'Invalid Courier Partner Id with Field cp_id');
export const TIME_DIFFERENCE = metaError(400, {
  'Time Difference': ['Start Time is ahead of End time by more than 60 Minutes'],
});

/** "This field is required." per missing field, the way Clickpost's validation reports it. */
export const requiredFields = (fields: string[]) =>
  metaError(400, Object.fromEntries(fields.map((field) => [field, ['This field is required.']])));
