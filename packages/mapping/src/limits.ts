import { type PathSegment, reject } from './rejection';

/** The largest body normalized (the ingress accepts at most 1 MiB by default). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** No vendor payload nests anywhere near this deep; deeper is hostile. */
export const MAX_DEPTH = 64;

export function checkBodySize(body: string): void {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_BODY_BYTES) {
    reject('schema-violation', `body of ${bytes} bytes exceeds the limit of ${MAX_BODY_BYTES} bytes`, []);
  }
}

interface Frame {
  value: object;
  depth: number;
  key: PathSegment | null;
  parent: Frame | null;
}

/**
 * Rejects a value nested deeper than MAX_DEPTH, naming where. Iterative (depth cannot overflow the
 * stack) and visiting containers only (a megabyte of scalars costs nothing).
 */
export function checkDepth(root: unknown): void {
  if (typeof root !== 'object' || root === null) return;
  const stack: Frame[] = [{ value: root, depth: 0, key: null, parent: null }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.depth >= MAX_DEPTH)
      reject('schema-violation', `nested deeper than ${MAX_DEPTH} levels`, pathTo(frame));
    const depth = frame.depth + 1;
    const parent = frame;
    const visit = (child: unknown, key: PathSegment) => {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth, key, parent });
    };
    if (Array.isArray(frame.value)) {
      frame.value.forEach(visit);
    } else {
      const record = frame.value as Record<string, unknown>;
      for (const key of Object.keys(record)) visit(record[key], key);
    }
  }
}

function pathTo(frame: Frame): PathSegment[] {
  const path: PathSegment[] = [];
  for (let at: Frame | null = frame; at !== null && at.key !== null; at = at.parent) path.unshift(at.key);
  return path;
}
