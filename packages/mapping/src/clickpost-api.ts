import { reject } from './rejection';
import type { Field } from './tolerant';

/**
 * Clickpost's polling APIs report errors inside HTTP 200 bodies (`meta.success: false`, `meta.status`
 * 301, 400, …; `meta.message` sometimes an object). Such a body carries no facts: it is an
 * `unsupported-event`, with Clickpost's own words as the detail.
 */
export function rejectApiError(body: Field): void {
  const meta = body.get('meta');
  if (meta.get('success').boolean() !== false) return;
  const status = meta.get('status').integer();
  const message = meta.get('message').value;
  const words = typeof message === 'string' ? message : JSON.stringify(message ?? null);
  reject(
    'unsupported-event',
    `Clickpost API error response${status === null ? '' : ` (meta.status ${status})`}: ${words.slice(0, 300)}`,
    ['meta', 'success'],
  );
}
