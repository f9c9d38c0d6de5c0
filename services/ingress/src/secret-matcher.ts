import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks a presented credential against the currently valid secrets (two during a rotation).
 * Both sides are reduced to SHA-256 digests first, so the comparison always runs over 32 bytes
 * and neither the secrets' lengths nor the position of the first differing byte leak through
 * timing; every secret is compared, so neither does which one matched.
 */
export function secretMatcher(secrets: readonly string[]): (presented: string | undefined) => boolean {
  if (secrets.length === 0 || secrets.some((secret) => secret.length === 0)) {
    throw new Error('secretMatcher needs at least one non-empty secret');
  }
  const expected = secrets.map(digest);
  return (presented) => {
    if (presented === undefined) return false;
    const candidate = digest(presented);
    let matched = 0;
    for (const secret of expected) matched |= timingSafeEqual(candidate, secret) ? 1 : 0;
    return matched === 1;
  };
}
