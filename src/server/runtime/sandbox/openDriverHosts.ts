import { ConfinedHosts } from './confinedHosts';
import { DEFAULT_DRIVER_MODE, type DriverMode } from './driverMode';
import type { DriverHosts } from './hostLaunch';
import { UnconfinedHosts } from './unconfinedHosts';

/** How this service runs drivers; confined hosts check bubblewrap once now (and again at a deploy while it fails). */
export async function openDriverHosts(mode: DriverMode | undefined, dataDir: string): Promise<DriverHosts> {
  return (mode ?? DEFAULT_DRIVER_MODE) === 'unconfined' ? new UnconfinedHosts() : ConfinedHosts.open([dataDir]);
}
