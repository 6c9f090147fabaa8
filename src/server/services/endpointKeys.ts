import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthKeys } from '../../api/schemas';

export function newKey(): string {
  return randomBytes(32).toString('base64url');
}

export function newKeys(): AuthKeys {
  return { primaryKey: newKey(), secondaryKey: newKey() };
}

/** The keys as the gateway keeps them in memory: their bytes, compared without hashing on every call. */
export function keyBytes(keys: AuthKeys): Buffer[] {
  return [Buffer.from(keys.primaryKey), Buffer.from(keys.secondaryKey)];
}

/**
 * True when `presented` is one of `keys`. Every key is compared, each in constant time; only a length differing
 * from a key's is told at once, and every key has the same public length (32 random bytes in base64url).
 */
export function matchesKeyBytes(presented: string, keys: readonly Buffer[]): boolean {
  const given = Buffer.from(presented);
  let matched = false;
  for (const key of keys) matched = (given.length === key.length && timingSafeEqual(given, key)) || matched;
  return matched;
}
