import type Database from 'libsql';
import type { ChangeRepository, StoreChange } from '../changeRepository';
import { asPromise } from './asPromise';

type Row = { seq: number; kind: StoreChange['kind']; account: string; id: string };

/** The change feed, filled by the triggers of the endpoints and services tables (migration 'changes'). */
export function changeTable(db: Database.Database): ChangeRepository {
  const latest = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM changes');
  const after = db.prepare('SELECT seq, kind, account, id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?');
  const prune = db.prepare('DELETE FROM changes WHERE at < ?');
  return {
    latest() {
      return asPromise(() => Number((latest.get() as { seq: number }).seq));
    },
    after(seq, limit) {
      return asPromise(() => (after.all(seq, limit) as Row[]).map((row) => ({ ...row, seq: Number(row.seq) })));
    },
    prune(beforeMs) {
      return asPromise(() => {
        prune.run(beforeMs);
      });
    },
  };
}
