import { isUtf8 } from 'node:buffer';

export type JsonBody =
  | { ok: true; text: string; value: unknown }
  | { ok: false; text: string; problem: string; utf8: boolean };

/**
 * Reads a received body as JSON text (RFC 8259: UTF-8). The text is kept exactly as received,
 * a leading byte-order mark included; the mark is only skipped for parsing. Bytes that are not
 * UTF-8 cannot be held by a text field without loss: the envelope keeps them (`bodyBase64`).
 */
export function readJsonBody(bytes: Buffer): JsonBody {
  const text = bytes.toString('utf8');
  if (!isUtf8(bytes)) {
    return {
      ok: false,
      text,
      problem: 'body is not valid UTF-8; the envelope keeps the bytes in bodyBase64',
      utf8: false,
    };
  }
  if (text.trim().length === 0) return { ok: false, text, problem: 'body is empty', utf8: true };
  try {
    return { ok: true, text, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (error) {
    return { ok: false, text, problem: `body is not JSON: ${(error as Error).message}`, utf8: true };
  }
}
