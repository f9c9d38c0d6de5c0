import type { IncomingHttpHeaders } from 'node:http';

/** Takes the credential a sender presents out of the request headers, or undefined. */
export type CredentialReader = (headers: IncomingHttpHeaders) => string | undefined;

/** The value of one header (Node gives header names in lower case). */
export const headerCredential =
  (name: string): CredentialReader =>
  (headers) => {
    const value = headers[name.toLowerCase()];
    return typeof value === 'string' ? value : undefined;
  };

/** The token of an `Authorization: Bearer <token>` header (scheme name case-insensitive, RFC 9110). */
export const bearerCredential: CredentialReader = (headers) => {
  const value = headers.authorization;
  if (typeof value !== 'string') return undefined;
  return /^Bearer[ \t]+([^ \t]+)[ \t]*$/i.exec(value)?.[1];
};
