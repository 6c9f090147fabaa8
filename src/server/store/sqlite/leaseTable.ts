import type Database from 'libsql';
import type { LeaseRepository } from '../leaseRepository';
import { asPromise } from './asPromise';

/** Leases, one row per resource held; a claim is one statement, so two instances cannot both win it. */
export function leaseTable(db: Database.Database): LeaseRepository {
  const claim = db.prepare(
    `INSERT INTO leases (resource, owner, until) VALUES (?1, ?2, ?3)
     ON CONFLICT (resource) DO UPDATE SET owner = excluded.owner, until = excluded.until
     WHERE leases.owner = excluded.owner OR leases.until < ?4`,
  );
  const holder = db.prepare('SELECT owner FROM leases WHERE resource = ?');
  const renewOne = db.prepare('UPDATE leases SET until = ? WHERE resource = ? AND owner = ?');
  const release = db.prepare('DELETE FROM leases WHERE resource = ? AND owner = ?');
  const renewAll = db.transaction((owner: string, resources: readonly string[], until: number) =>
    resources.filter((resource) => renewOne.run(until, resource, owner).changes === 0),
  );
  return {
    claim(resource, owner, until, now) {
      return asPromise(() => {
        claim.run(resource, owner, until, now);
        return (holder.get(resource) as { owner: string } | undefined)?.owner === owner;
      });
    },
    renew(owner, resources, until) {
      return asPromise(() => (resources.length === 0 ? [] : renewAll(owner, resources, until)));
    },
    release(resource, owner) {
      return asPromise(() => {
        release.run(resource, owner);
      });
    },
  };
}
