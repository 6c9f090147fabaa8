/** An entry of a kept log: numbered in order (SSE ids, resuming a slow reader) and weighed for the byte bound. */
export interface Sequenced {
  seq: number;
  bytes: number;
}

/** Someone following a log: woken when lines arrive, told once when the log ends (its service was deleted). */
export interface LogFollower {
  wake(): void;
  end(reason: string): void;
}

export interface LogLimits {
  lines: number;
  bytes: number;
}

/**
 * The number a new log's first line gets: the time it was made in microseconds' worth of room (milliseconds x 1000),
 * so a log made after a restart numbers its lines above every line of the one before (unless that one printed
 * more than 1,000 lines a millisecond on average), and a follower's Last-Event-ID from before the restart is told
 * apart from one of this log. Safe integers last until the year 2255.
 */
export function firstSeqAt(nowMs: number): number {
  return nowMs * 1000 + 1;
}

/**
 * The last lines of a log, bounded in count and bytes: the oldest go first. Followers hold no copy, only the
 * number of the last line they were sent, and ask for what came after it, so a slow reader costs nothing here.
 */
export class LogRing<T extends Sequenced> {
  private entries: T[] = [];
  private bytes = 0;
  private nextSeq: number;
  private readonly followers = new Set<LogFollower>();

  constructor(
    private readonly limits: LogLimits,
    /** The number of the first line: `firstSeqAt(Date.now())` for a log that followers resume across restarts. */
    readonly firstSeq = 1,
  ) {
    this.nextSeq = firstSeq;
  }

  /** The number of the newest line (`firstSeq - 1` before the first). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Where a follower starts: after `lastEventId` when it is a line of this log; at the first line of this log when
   * it is from before (the log was made afresh since: a restart), so nothing printed since is skipped; at the
   * last `tail` lines when there is none, or it is one this log never numbered.
   */
  resumeStart(lastEventId: number | undefined, tail: number | undefined): number {
    if (lastEventId === undefined || lastEventId > this.lastSeq) return this.startFor(tail);
    return Math.max(lastEventId, this.firstSeq - 1);
  }

  get followerCount(): number {
    return this.followers.size;
  }

  push(entry: Omit<T, 'seq'>): void {
    const full = { ...entry, seq: this.nextSeq++ } as T;
    this.entries.push(full);
    this.bytes += full.bytes;
    while (this.entries.length > this.limits.lines || (this.bytes > this.limits.bytes && this.entries.length > 1)) {
      this.bytes -= this.entries.shift()!.bytes;
    }
    for (const follower of this.followers) follower.wake();
  }

  /** The kept lines after line `seq`, and how many after it are no longer kept (dropped by the bounds). */
  after(seq: number): { entries: T[]; skipped: number } {
    const first = this.entries[0]?.seq ?? this.nextSeq;
    const skipped = Math.max(0, first - seq - 1);
    return { entries: this.entries.slice(Math.max(0, seq + 1 - first)), skipped };
  }

  /** Where a reader starts to get the last `tail` kept lines (all of them when undefined). */
  startFor(tail: number | undefined): number {
    const kept = this.entries.length;
    return this.lastSeq - Math.min(tail ?? kept, kept);
  }

  subscribe(follower: LogFollower): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
  }

  /** Ends every follower (the log's owner is gone); the lines are dropped with the ring. */
  close(reason: string): void {
    for (const follower of [...this.followers]) follower.end(reason);
    this.followers.clear();
  }
}
