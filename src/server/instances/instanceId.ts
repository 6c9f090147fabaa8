import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * This service instance's name in leases: made once per data folder (`<data>/instance-id`) and kept, so an
 * instance restarted after a crash takes its own leases back at once instead of waiting for them to end. Two
 * instances must not share a data folder (each keeps its own image cache and token files there anyway).
 */
export async function loadOrCreateInstanceId(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'instance-id');
  try {
    const existing = (await fs.readFile(file, 'utf8')).trim();
    if (/^[0-9a-f-]{36}$/.test(existing)) return existing;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const id = randomUUID();
  await fs.writeFile(file, `${id}\n`, { mode: 0o600 });
  return id;
}
