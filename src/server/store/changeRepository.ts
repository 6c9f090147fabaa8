/** What changed in the store that other service instances must act on: an endpoint (keys, policies) or a service. */
export interface StoreChange {
  /** Increasing: a change written later has a larger seq. */
  seq: number;
  kind: 'endpoint' | 'service';
  account: string;
  id: string;
}

/**
 * The store's change feed: written by the store itself in the transaction of the change (triggers), so no write can
 * be missed by the instances that read the feed. Each instance reads what came after the last seq it saw.
 */
export interface ChangeRepository {
  /** The last seq written (where a new reader starts: what came before, it read from the tables themselves). */
  latest(): Promise<number>;
  /** Changes after `seq`, oldest first, at most `limit`. */
  after(seq: number, limit: number): Promise<StoreChange[]>;
  /** Forgets changes older than `beforeMs` (epoch ms); every instance has read them long ago. */
  prune(beforeMs: number): Promise<void>;
}
