import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * Reads `<data>/admin-token`, or creates it on first start: 32 random bytes, base64url, mode 0600, written with
 * O_EXCL so two services starting at once cannot both write one.
 */
export function loadOrCreateAdminToken(dataDir: string): Promise<string> {
  return loadOrCreateSecret(dataDir, ADMIN_TOKEN_FILE);
}

/** A service secret kept in `<data>/<name>` (created on first start the same way as the admin token). */
export async function loadOrCreateSecret(dataDir: string, name: string): Promise<string> {
  const file = path.join(dataDir, name);
  try {
    const token = (await fs.readFile(file, 'utf8')).trim();
    if (token.length >= 32) return token;
    throw new Error(`${file} holds no usable secret; delete it to make a new one`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  const handle = await fs.open(file, 'wx', 0o600);
  try {
    await handle.writeFile(`${token}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return token;
}
