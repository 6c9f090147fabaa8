import { createHash, timingSafeEqual, randomBytes } from 'node:crypto';
import type { AuthKeys } from '../../api/schemas';

export function newKey(): string {
  return randomBytes(32).toString('base64url');
}

export function newKeys(): AuthKeys {
  return { primaryKey: newKey(), secondaryKey: newKey() };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The keys as the gateway keeps them: digests of equal length, so comparing them leaks nothing about the keys. */
export function keyDigests(keys: AuthKeys): Buffer[] {
  return [digest(keys.primaryKey), digest(keys.secondaryKey)];
}

/** True when `presented` is one of the keys whose digests are given; every digest is compared, in constant time. */
export function matchesDigests(presented: string, digests: readonly Buffer[]): boolean {
  const given = digest(presented);
  let matched = false;
  for (const d of digests) matched = timingSafeEqual(given, d) || matched;
  return matched;
}
