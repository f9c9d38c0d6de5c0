import type { RejectionReason } from '@shipfold/contracts';

export type PathSegment = string | number;
/** Where a value sits in the payload: object keys and list indexes from the root. */
export type Path = readonly PathSegment[];

/**
 * Why a payload cannot be used. Thrown by the readers and mappers deep inside a payload and caught
 * once, by `normalize`, which turns it into a result: the public API never throws.
 */
export class Rejection extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly detail: string,
    readonly path: Path | null,
  ) {
    super(detail);
    this.name = 'Rejection';
  }
}

export function reject(reason: RejectionReason, detail: string, path: Path | null = null): never {
  throw new Rejection(reason, detail, path);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Hostile payloads may use enormous keys; a path in a DLQ record stays readable. */
const MAX_KEY_IN_PATH = 80;

/** A JSONPath (RFC 9535 normalized-path style): `$.additional.item_info[0].sku`, `$.result['4210610508756']`. */
export function formatPath(path: Path): string {
  let out = '$';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (IDENTIFIER.test(segment) && segment.length <= MAX_KEY_IN_PATH) {
      out += `.${segment}`;
    } else {
      const key = segment.length > MAX_KEY_IN_PATH ? `${segment.slice(0, MAX_KEY_IN_PATH)}…` : segment;
      out += `[${quote(key)}]`;
    }
  }
  return out;
}

const quote = (key: string): string => `'${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A short description of a value for a rejection detail, never echoing a huge or hostile value whole. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
