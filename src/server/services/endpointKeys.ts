import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthKeys } from '../../api/schemas';

export function newKey(): string {
  return randomBytes(32).toString('base64url');
}

export function newKeys(): AuthKeys {
  return { primaryKey: newKey(), secondaryKey: newKey() };
}

/** One-shot SHA-256 (crypto.hash: no Hash object per call, on the scoring path). */
const digest = (text: string): Buffer => hash('sha256', text, 'buffer');

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
