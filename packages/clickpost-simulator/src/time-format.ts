import { DateTime } from 'luxon';

/** The timestamp shapes Clickpost sends, from epoch milliseconds. */

/** `2019-05-06T15:01:00Z` (webhook scans). */
export const isoSeconds = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;

/** `2022-11-09T11:00:48.702000Z` (delta API). */
export const isoMicros = (ms: number): string => `${new Date(ms).toISOString().slice(0, 23)}000Z`;

/** `2018-07-07 19:34:46`, naive in `zone` (track-order). */
export const naiveSeconds = (ms: number, zone: string): string =>
  DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm:ss');

/** `2019-04-29 07:47:07.161000`, naive in `zone` (Return Order Placed webhook). */
export const naiveMicros = (ms: number, zone: string): string =>
  `${DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm:ss.SSS')}000`;

/** Reads the delta API's `YYYY-MM-DDThh:mm:ss` query time in `zone`; null when it is not one. */
export function parseQueryTime(text: string, zone: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(text)) return null;
  const parsed = DateTime.fromISO(text, { zone });
  return parsed.isValid ? parsed.toMillis() : null;
}
