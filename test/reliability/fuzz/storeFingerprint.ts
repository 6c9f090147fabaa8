import Database from 'libsql';
import { createHash } from 'node:crypto';
import * as path from 'node:path';

/**
 * Tables that change without a management call on purpose: usage and request logs record refused calls too (that is
 * their job), quota counters count them, leases are renewed by the clock.
 */
const MOVING = new Set(['usage_minutes', 'request_logs', 'quota_counters', 'leases']);

/**
 * The change feed is appended to by every write and pruned by the clock (rows older than every instance has read):
 * what a call can add is a row above the newest one, so the newest sequence number is its digest. (The full run
 * found two refused reads "changing" it: a prune that happened to run meanwhile.)
 */
const APPEND_ONLY: Record<string, string> = { changes: 'SELECT count(*) AS count, hex(sha3_query(\'SELECT max(seq) FROM changes\')) AS hash' };

/** What the store held at one moment: SQLite's data_version then (a cheap "anything committed since?") and a digest. */
export interface StoreState {
  version: number;
  digest: string;
  rows: Record<string, string>;
}

/**
 * A digest of everything a service's SQLite store holds but its moving tables: equal digests, same store. Reading
 * every table after every call grows with the store (10,000 inputs a route made the test, not the service, the
 * bottleneck), so `since` first asks SQLite whether any commit happened at all (`PRAGMA data_version` changes when
 * another connection commits) and reads the tables only when one did.
 */
export class StoreFingerprint {
  private readonly db: Database.Database;
  private readonly tables: string[];

  constructor(dataDir: string) {
    this.db = new Database(path.join(dataDir, 'modelbay.sqlite'), { readonly: true });
    this.tables = (this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
      .map((row) => row.name)
      .filter((name) => !MOVING.has(name));
  }

  private version(): number {
    return Number((this.db.prepare('PRAGMA data_version').get() as { data_version: number }).data_version);
  }

  /** The store now compared with `before`: unchanged when nothing was committed since, or when the digests agree. */
  since(before: StoreState): { kept: boolean; now: StoreState } {
    if (this.version() === before.version) return { kept: true, now: before };
    const now = this.take();
    return { kept: now.digest === before.digest, now };
  }

  /**
   * The digest now, and the row count per table (to say what changed when two digests differ). The hashing runs
   * inside SQLite (`sha3_query`, which libsql builds in), so a store of many thousand rows costs milliseconds and
   * not the marshalling of every row into JavaScript.
   */
  take(): StoreState {
    const version = this.version();
    const digest = createHash('sha256');
    const rows: Record<string, string> = {};
    for (const table of this.tables) {
      const whole = `SELECT (SELECT count(*) FROM "${table}") AS count, hex(sha3_query('SELECT * FROM "${table}" ORDER BY rowid')) AS hash`;
      const { count, hash } = this.db.prepare(APPEND_ONLY[table] ?? whole).get() as { count: number; hash: string };
      rows[table] = `${count} rows, ${hash.slice(0, 12)}`;
      digest.update(table).update(hash);
    }
    return { version, digest: digest.digest('hex'), rows };
  }

  close(): void {
    this.db.close();
  }
}
