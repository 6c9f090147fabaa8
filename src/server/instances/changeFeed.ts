import type { ChangeRepository, StoreChange } from '../store/changeRepository';

/** How often an instance reads the feed: a key regenerated on another instance is refused here within this, plus a read. */
export const CHANGE_POLL_MS = 250;
/** Changes older than this are pruned: every live instance read them long before. */
const KEEP_CHANGES_MS = 10 * 60_000;

export interface ChangeLog {
  warn(fields: object, message: string): void;
}

/**
 * Follows the store's change feed (written by the store in the transaction of each change), so this instance acts
 * on what other instances changed: forgets an endpoint's cached keys and policies, reconciles a service's replicas.
 * Changes this instance made itself come back too; acting on them again is harmless by design (a forget, a
 * reconcile that finds nothing to do).
 */
export class ChangeFeed {
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;
  private lastPrune = 0;

  constructor(
    private readonly changes: ChangeRepository,
    private readonly act: (change: StoreChange) => void,
    private readonly log: ChangeLog,
    private readonly pollMs = CHANGE_POLL_MS,
  ) {}

  /** Starts after what the store holds now: what came before, this instance read from the tables at its start. */
  async start(): Promise<void> {
    this.seq = await this.changes.latest();
    this.timer = setInterval(() => {
      this.reading ??= this.read().finally(() => (this.reading = undefined));
    }, this.pollMs);
    this.timer.unref();
  }

  /** Resolves once every change written before the call has been acted on here (a read of its own, after any under way). */
  async catchUp(): Promise<void> {
    await this.reading;
    await this.read();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.reading;
  }

  /** Reads and acts on every change since the last read (a burst in pages). */
  private async read(): Promise<void> {
    try {
      for (;;) {
        const page = await this.changes.after(this.seq, 500);
        for (const change of page) {
          this.seq = change.seq;
          this.act(change);
        }
        if (page.length < 500) break;
      }
      const now = Date.now();
      if (now - this.lastPrune > 60_000) {
        this.lastPrune = now;
        await this.changes.prune(now - KEEP_CHANGES_MS);
      }
    } catch (error) {
      // The store did not answer: the next read starts from the same place, so nothing is skipped.
      this.log.warn({ err: error }, 'could not read the store\'s change feed');
    }
  }
}
