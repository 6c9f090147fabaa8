import type { Pool, PoolClient } from 'pg';
import type { AuthKeys, Deployment, Endpoint, ServiceResponse } from '../../../api/schemas';
import type { AccountKey, DeploymentRepository, EndpointRepository, ServiceRepository } from '../repositories';
import { serviceFilter } from './documentFilters';
import { keysetPage } from './keysetPage';
import { insertOperation } from './operationTable';
import { inTransaction } from './transaction';

/** Expires every live deployment of the service (at most one); the new one, if any, is added by the caller. */
async function expireDeployments(client: PoolClient, account: AccountKey, serviceId: string): Promise<void> {
  const { rows } = await client.query<{ id: string; doc: Deployment }>(
    "SELECT id, doc FROM deployments WHERE account = $1 AND service_id = $2 AND doc->>'expiredAt' IS NULL FOR UPDATE",
    [account, serviceId],
  );
  const now = new Date().toISOString();
  for (const row of rows) {
    await client.query('UPDATE deployments SET doc = $1 WHERE account = $2 AND id = $3', [JSON.stringify({ ...row.doc, expiredAt: now }), account, row.id]);
  }
}

async function recordDeployment(client: PoolClient, account: AccountKey, deployment: Deployment): Promise<void> {
  await expireDeployments(client, account, deployment.serviceId);
  await client.query('INSERT INTO deployments (id, account, service_id, doc) VALUES ($1, $2, $3, $4)', [deployment.id, account, deployment.serviceId, JSON.stringify(deployment)]);
}

/** Services, their endpoints (with keys) and deployments: the tables a deployment touches together. */
export function serviceTables(pool: Pool): { services: ServiceRepository; endpoints: EndpointRepository; deployments: DeploymentRepository } {
  const services: ServiceRepository = {
    create(account, rows) {
      return inTransaction(pool, async (client) => {
        // ON CONFLICT without a target: any unique clash (the name in the account, or the id) answers false, as SQLite's does.
        const inserted = await client.query('INSERT INTO services (id, account, name, doc) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          rows.service.id,
          account,
          rows.service.name,
          JSON.stringify(rows.service),
        ]);
        if (inserted.rowCount !== 1) return false;
        await client.query('INSERT INTO endpoints (id, account, service_id, name, doc, keys) VALUES ($1, $2, $3, $4, $5, $6)', [
          rows.endpoint.id,
          account,
          rows.service.id,
          rows.endpoint.name,
          JSON.stringify(rows.endpoint),
          JSON.stringify(rows.keys),
        ]);
        await recordDeployment(client, account, rows.deployment);
        await insertOperation(client, rows.operation);
        return true;
      });
    },
    beginUpdate(account, service, deployment, operation) {
      return inTransaction(pool, async (client) => {
        await client.query('UPDATE services SET doc = $1 WHERE account = $2 AND id = $3', [JSON.stringify(service), account, service.id]);
        await recordDeployment(client, account, deployment);
        await insertOperation(client, operation);
      });
    },
    async get(account, id) {
      const { rows } = await pool.query<{ doc: ServiceResponse }>('SELECT doc FROM services WHERE account = $1 AND id = $2', [account, id]);
      return rows[0]?.doc;
    },
    list(account, filter, options) {
      return keysetPage<ServiceResponse>(pool, 'services', [{ sql: 'account = ?', params: [account] }, ...serviceFilter(filter)], options);
    },
    async update(account, service) {
      await pool.query('UPDATE services SET doc = $1 WHERE account = $2 AND id = $3', [JSON.stringify(service), account, service.id]);
    },
    delete(account, id) {
      return inTransaction(pool, async (client) => {
        const removed = await client.query('DELETE FROM services WHERE account = $1 AND id = $2', [account, id]);
        await client.query('DELETE FROM endpoints WHERE account = $1 AND service_id = $2', [account, id]);
        await expireDeployments(client, account, id);
        return (removed.rowCount ?? 0) > 0;
      });
    },
    async listAll() {
      const { rows } = await pool.query<{ account: string; doc: ServiceResponse }>('SELECT account, doc FROM services ORDER BY seq');
      return rows.map((r) => ({ account: r.account, service: r.doc }));
    },
  };

  const endpoints: EndpointRepository = {
    async create(account, endpoint, keys) {
      const inserted = await pool.query('INSERT INTO endpoints (id, account, service_id, name, doc, keys) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
        endpoint.id,
        account,
        endpoint.serviceId,
        endpoint.name,
        JSON.stringify(endpoint),
        JSON.stringify(keys),
      ]);
      return inserted.rowCount === 1;
    },
    async get(account, serviceId, name) {
      const { rows } = await pool.query<{ doc: Endpoint }>('SELECT doc FROM endpoints WHERE account = $1 AND service_id = $2 AND name = $3', [account, serviceId, name]);
      return rows[0]?.doc;
    },
    async find(id) {
      const { rows } = await pool.query<{ account: string; doc: Endpoint; keys: AuthKeys }>('SELECT account, doc, keys FROM endpoints WHERE id = $1', [id]);
      const row = rows[0];
      return row ? { account: row.account, endpoint: row.doc, keys: row.keys } : undefined;
    },
    async list(account, serviceId) {
      const { rows } = await pool.query<{ doc: Endpoint }>('SELECT doc FROM endpoints WHERE account = $1 AND service_id = $2 ORDER BY seq', [account, serviceId]);
      return rows.map((r) => r.doc);
    },
    async update(account, endpoint) {
      await pool.query('UPDATE endpoints SET doc = $1 WHERE account = $2 AND id = $3', [JSON.stringify(endpoint), account, endpoint.id]);
    },
    async delete(account, serviceId, name) {
      const removed = await pool.query('DELETE FROM endpoints WHERE account = $1 AND service_id = $2 AND name = $3', [account, serviceId, name]);
      return (removed.rowCount ?? 0) > 0;
    },
    async keys(endpointId) {
      const { rows } = await pool.query<{ keys: AuthKeys }>('SELECT keys FROM endpoints WHERE id = $1', [endpointId]);
      return rows[0]?.keys;
    },
    async setKeys(endpointId, keys) {
      await pool.query('UPDATE endpoints SET keys = $1 WHERE id = $2', [JSON.stringify(keys), endpointId]);
    },
  };

  const deployments: DeploymentRepository = {
    async get(account, id) {
      const { rows } = await pool.query<{ doc: Deployment }>('SELECT doc FROM deployments WHERE account = $1 AND id = $2', [account, id]);
      return rows[0]?.doc;
    },
    async list(account, serviceId) {
      const { rows } =
        serviceId === undefined
          ? await pool.query<{ doc: Deployment }>('SELECT doc FROM deployments WHERE account = $1 ORDER BY seq DESC', [account])
          : await pool.query<{ doc: Deployment }>('SELECT doc FROM deployments WHERE account = $1 AND service_id = $2 ORDER BY seq DESC', [account, serviceId]);
      return rows.map((r) => r.doc);
    },
    async update(account, deployment) {
      await pool.query('UPDATE deployments SET doc = $1 WHERE account = $2 AND id = $3', [JSON.stringify(deployment), account, deployment.id]);
    },
  };

  return { services, endpoints, deployments };
}
