import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AuthKeys } from '../../api/schemas';

export function newKey(): string {
  return randomBytes(32).toString('base64url');
}

export function newKeys(): AuthKeys {
  return { primaryKey: newKey(), secondaryKey: newKey() };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** True when `presented` is either key; both are always compared, in constant time. */
export function matchesKey(presented: string, keys: AuthKeys): boolean {
  const given = digest(presented);
  const primary = timingSafeEqual(given, digest(keys.primaryKey));
  const secondary = timingSafeEqual(given, digest(keys.secondaryKey));
  return primary || secondary;
}
