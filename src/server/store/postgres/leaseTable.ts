import type { Pool } from 'pg';
import type { LeaseRepository } from '../leaseRepository';

/** Leases, one row per resource held; a claim is one upsert, so of two instances claiming at once one wins. */
export function leaseTable(pool: Pool): LeaseRepository {
  return {
    async claim(resource, owner, until, now) {
      // RETURNING yields the row only when this statement inserted or updated it: the claim was won.
      const { rowCount } = await pool.query(
        `INSERT INTO leases (resource, owner, until) VALUES ($1, $2, $3)
         ON CONFLICT (resource) DO UPDATE SET owner = excluded.owner, until = excluded.until
         WHERE leases.owner = excluded.owner OR leases.until < $4
         RETURNING resource`,
        [resource, owner, until, now],
      );
      return rowCount === 1;
    },
    async renew(owner, resources, until) {
      if (resources.length === 0) return [];
      const { rows } = await pool.query<{ resource: string }>('UPDATE leases SET until = $1 WHERE owner = $2 AND resource = ANY($3::text[]) RETURNING resource', [until, owner, [...resources]]);
      const kept = new Set(rows.map((row) => row.resource));
      return resources.filter((resource) => !kept.has(resource));
    },
    async release(resource, owner) {
      await pool.query('DELETE FROM leases WHERE resource = $1 AND owner = $2', [resource, owner]);
    },
  };
}
