import type { LeaseRepository } from '../store/leaseRepository';

/** How long a lease lasts unless renewed: an instance that died holds its work this long at most. */
export const DEFAULT_LEASE_MS = 15_000;

export interface LeaseLog {
  warn(fields: object, message: string): void;
}

/**
 * The leases this instance holds: claimed before work starts, renewed together every third of their length while
 * the work runs, released when it ends. A lease found lost at renewal (this instance stalled past it and another
 * took the work over) is reported to `onLost`, so the work can stop instead of running twice.
 */
export class LeaseKeeper {
  private readonly held = new Set<string>();
  private readonly lostListeners: ((resource: string) => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly leases: LeaseRepository,
    /** This instance, the same across its restarts (instanceId.ts). */
    readonly owner: string,
    private readonly log: LeaseLog,
    readonly leaseMs = DEFAULT_LEASE_MS,
  ) {}

  /** Renewals from now until `stop`. */
  start(): void {
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  onLost(listener: (resource: string) => void): void {
    this.lostListeners.push(listener);
  }

  holds(resource: string): boolean {
    return this.held.has(resource);
  }

  /** Takes the resource for this instance; false when another instance holds a lease on it that has not ended. */
  async claim(resource: string): Promise<boolean> {
    const now = Date.now();
    const won = await this.leases.claim(resource, this.owner, now + this.leaseMs, now);
    if (won) this.held.add(resource);
    return won;
  }

  async release(resource: string): Promise<void> {
    this.held.delete(resource);
    await this.leases.release(resource, this.owner);
  }

  /** Stops renewing; the leases held stay in the store and end on their own (or this instance takes them back at its next start). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      const lost = await this.leases.renew(this.owner, [...this.held], Date.now() + this.leaseMs);
      for (const resource of lost) {
        if (!this.held.delete(resource)) continue; // released meanwhile
        this.log.warn({ resource }, 'a lease ended before it was renewed; another instance may have taken the work over');
        for (const listener of this.lostListeners) listener(resource);
      }
    } catch (error) {
      // The store did not answer: the leases stay held here and the next renewal tries again, well before they end.
      this.log.warn({ err: error }, 'could not renew leases');
    }
  }
}
