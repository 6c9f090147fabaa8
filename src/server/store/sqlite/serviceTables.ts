import type Database from 'libsql';
import type { AuthKeys, Deployment, Endpoint, ServiceResponse } from '../../../api/schemas';
import type {
  AccountKey,
  DeploymentRepository,
  EndpointRepository,
  OperationRecord,
  ServiceFilter,
  ServiceRepository,
} from '../repositories';
import { asPromise } from './asPromise';
import { statementCache } from './statementCache';
import { keysetPage, type FilterClause } from './keysetPage';

type DocRow = { seq: number; doc: string };

function serviceFilter(f: ServiceFilter): FilterClause[] {
  const clauses: FilterClause[] = [];
  const add = (value: string | undefined, sql: string) => value !== undefined && clauses.push({ sql, params: [value] });
  add(f.serviceName, 'name = ?');
  add(f.imageId, "json_extract(doc, '$.imageId') = ?");
  add(f.manifestId, "json_extract(doc, '$.image.manifest.id') = ?");
  add(f.manifestName, "json_extract(doc, '$.image.manifest.name') = ?");
  add(f.modelId, "EXISTS (SELECT 1 FROM json_each(doc, '$.image.manifest.modelIds') WHERE value = ?)");
  add(f.modelName, "EXISTS (SELECT 1 FROM models m, json_each(services.doc, '$.image.manifest.modelIds') j WHERE m.id = j.value AND m.name = ?)");
  add(f.computeResourceId, "json_extract(doc, '$.computeResource.id') = ?");
  return clauses;
}

/** Services, their endpoints (with keys) and deployments: the tables a deployment touches together. */
export function serviceTables(db: Database.Database, insertOperation: (record: OperationRecord) => void) {
  const insertService = db.prepare('INSERT INTO services (id, account, name, doc) VALUES (?, ?, ?, ?)');
  const serviceById = db.prepare('SELECT doc FROM services WHERE account = ? AND id = ?');
  const replaceService = db.prepare('UPDATE services SET doc = ? WHERE account = ? AND id = ?');
  const deleteService = db.prepare('DELETE FROM services WHERE account = ? AND id = ?');
  const allServices = db.prepare('SELECT account, doc FROM services ORDER BY seq');

  const insertEndpoint = db.prepare('INSERT INTO endpoints (id, account, service_id, name, doc, keys) VALUES (?, ?, ?, ?, ?, ?)');
  const endpointByName = db.prepare('SELECT doc FROM endpoints WHERE account = ? AND service_id = ? AND name = ?');
  const endpointById = db.prepare('SELECT account, doc, keys FROM endpoints WHERE id = ?');
  const endpointsOf = db.prepare('SELECT doc FROM endpoints WHERE account = ? AND service_id = ? ORDER BY seq');
  const replaceEndpoint = db.prepare('UPDATE endpoints SET doc = ? WHERE account = ? AND id = ?');
  const deleteEndpoint = db.prepare('DELETE FROM endpoints WHERE account = ? AND service_id = ? AND name = ?');
  const deleteEndpointsOf = db.prepare('DELETE FROM endpoints WHERE account = ? AND service_id = ?');
  const keysOf = db.prepare('SELECT keys FROM endpoints WHERE id = ?');
  const replaceKeys = db.prepare('UPDATE endpoints SET keys = ? WHERE id = ?');

  const insertDeployment = db.prepare('INSERT INTO deployments (id, account, service_id, doc) VALUES (?, ?, ?, ?)');
  const deploymentById = db.prepare('SELECT doc FROM deployments WHERE account = ? AND id = ?');
  const deploymentsOf = db.prepare('SELECT doc FROM deployments WHERE account = ? AND service_id = ? ORDER BY seq DESC');
  const deploymentsIn = db.prepare('SELECT doc FROM deployments WHERE account = ? ORDER BY seq DESC');
  const replaceDeployment = db.prepare('UPDATE deployments SET doc = ? WHERE account = ? AND id = ?');
  const liveDeployments = db.prepare("SELECT id, doc FROM deployments WHERE account = ? AND service_id = ? AND json_extract(doc, '$.expiredAt') IS NULL");

  const statement = statementCache(db);
  const parse = <T>(row: { doc: string } | undefined): T | undefined => (row ? (JSON.parse(row.doc) as T) : undefined);

  /** Expires every live deployment of the service (at most one), then adds the new one. */
  const recordDeployment = (account: AccountKey, deployment: Deployment) => {
    const now = new Date().toISOString();
    for (const row of liveDeployments.all(account, deployment.serviceId) as { id: string; doc: string }[]) {
      replaceDeployment.run(JSON.stringify({ ...JSON.parse(row.doc), expiredAt: now }), account, row.id);
    }
    insertDeployment.run(deployment.id, account, deployment.serviceId, JSON.stringify(deployment));
  };

  const services: ServiceRepository = {
    create(account, rows) {
      return asPromise(db.transaction(() => {
        try {
          insertService.run(rows.service.id, account, rows.service.name, JSON.stringify(rows.service));
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
          throw error;
        }
        insertEndpoint.run(rows.endpoint.id, account, rows.service.id, rows.endpoint.name, JSON.stringify(rows.endpoint), JSON.stringify(rows.keys));
        recordDeployment(account, rows.deployment);
        insertOperation(rows.operation);
        return true;
      }));
    },
    beginUpdate(account, service, deployment, operation) {
      return asPromise(db.transaction(() => {
        replaceService.run(JSON.stringify(service), account, service.id);
        recordDeployment(account, deployment);
        insertOperation(operation);
      }));
    },
    get(account, id) {
      return asPromise(() => parse<ServiceResponse>(serviceById.get(account, id) as DocRow | undefined));
    },
    list(account, filter, options) {
      return asPromise(() => keysetPage<ServiceResponse>(statement, 'services', [{ sql: 'account = ?', params: [account] }, ...serviceFilter(filter)], options));
    },
    update(account, service) {
      return asPromise(() => {
        replaceService.run(JSON.stringify(service), account, service.id);
      });
    },
    delete(account, id) {
      return asPromise(db.transaction(() => {
        const removed = deleteService.run(account, id).changes > 0;
        deleteEndpointsOf.run(account, id);
        const now = new Date().toISOString();
        for (const row of liveDeployments.all(account, id) as { id: string; doc: string }[]) {
          replaceDeployment.run(JSON.stringify({ ...JSON.parse(row.doc), expiredAt: now }), account, row.id);
        }
        return removed;
      }));
    },
    listAll() {
      return asPromise(() => (allServices.all() as { account: string; doc: string }[]).map((r) => ({ account: r.account, service: JSON.parse(r.doc) as ServiceResponse })));
    },
  };

  const endpoints: EndpointRepository = {
    create(account, endpoint, keys) {
      return asPromise(() => {
        try {
          insertEndpoint.run(endpoint.id, account, endpoint.serviceId, endpoint.name, JSON.stringify(endpoint), JSON.stringify(keys));
          return true;
        } catch (error) {
          if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
          throw error;
        }
      });
    },
    get(account, serviceId, name) {
      return asPromise(() => parse<Endpoint>(endpointByName.get(account, serviceId, name) as DocRow | undefined));
    },
    find(id) {
      return asPromise(() => {
        const row = endpointById.get(id) as { account: string; doc: string; keys: string } | undefined;
        return row ? { account: row.account, endpoint: JSON.parse(row.doc) as Endpoint, keys: JSON.parse(row.keys) as AuthKeys } : undefined;
      });
    },
    list(account, serviceId) {
      return asPromise(() => (endpointsOf.all(account, serviceId) as DocRow[]).map((r) => JSON.parse(r.doc) as Endpoint));
    },
    update(account, endpoint) {
      return asPromise(() => {
        replaceEndpoint.run(JSON.stringify(endpoint), account, endpoint.id);
      });
    },
    delete(account, serviceId, name) {
      return asPromise(() => deleteEndpoint.run(account, serviceId, name).changes > 0);
    },
    keys(endpointId) {
      return asPromise(() => {
        const row = keysOf.get(endpointId) as { keys: string } | undefined;
        return row ? (JSON.parse(row.keys) as AuthKeys) : undefined;
      });
    },
    setKeys(endpointId, keys) {
      return asPromise(() => {
        replaceKeys.run(JSON.stringify(keys), endpointId);
      });
    },
  };

  const deployments: DeploymentRepository = {
    get(account, id) {
      return asPromise(() => parse<Deployment>(deploymentById.get(account, id) as DocRow | undefined));
    },
    list(account, serviceId) {
      return asPromise(() => {
        const rows = (serviceId === undefined ? deploymentsIn.all(account) : deploymentsOf.all(account, serviceId)) as DocRow[];
        return rows.map((r) => JSON.parse(r.doc) as Deployment);
      });
    },
    update(account, deployment) {
      return asPromise(() => {
        replaceDeployment.run(JSON.stringify(deployment), account, deployment.id);
      });
    },
  };

  return { services, endpoints, deployments };
}
