/**
 * Leases on work several service instances could each do (an async operation, a batch job): the one instance
 * holding a resource's lease does the work, renews the lease while it does, and releases it when done. A lease
 * that is not renewed ends, and another instance may then take the work over (issue 13). Times are epoch ms from
 * the instance's clock: instances of a team are expected to keep NTP time, and leases last many seconds.
 */
export interface LeaseRepository {
  /**
   * Takes `resource` for `owner` until `until` when nobody holds it, its holder's lease ended before `now`, or
   * `owner` holds it already (a restarted instance takes its own leases back at once). True when `owner` holds it now.
   */
  claim(resource: string, owner: string, until: number, now: number): Promise<boolean>;
  /** Extends the leases `owner` still holds among `resources`; answers the ones it no longer holds. */
  renew(owner: string, resources: readonly string[], until: number): Promise<string[]>;
  /** Gives a lease up (the work ended); nothing when `owner` does not hold it. */
  release(resource: string, owner: string): Promise<void>;
}
