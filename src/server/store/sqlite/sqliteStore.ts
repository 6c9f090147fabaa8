import type Database from 'libsql';
import type { AccountRef } from '../../../api/accountRef';
import type { Account, Image, Manifest, Model } from '../../../api/schemas';
import type { RoleAssignment } from '../../../api/schemas/roleAssignment';
import { newAccount, visibleToFilter } from '../accountRows';
import {
  accountKey,
  type AccountRepository,
  type AssetRecord,
  type AssetRepository,
  type ImageFilter,
  type ImageRepository,
  type ListOptions,
  type ManifestFilter,
  type ModelFilter,
  type OperationRecord,
  type OperationRepository,
  type Store,
} from '../repositories';
import { quotaCounterTable } from './quotaCounterTable';
import { jobTable } from './jobTable';
import { requestLogTable } from './requestLogTable';
import { usageTable } from './usageTable';
import { openDatabase } from './openDatabase';
import { serviceTables } from './serviceTables';
import { asPromise } from './asPromise';
import { changeTable } from './changeTable';
import { leaseTable } from './leaseTable';
import { insertRoleAssignment, roleAssignmentTable } from './roleAssignmentTable';
import { statementCache } from './statementCache';
import { keysetPage, type FilterClause } from './keysetPage';
import { VersionedTable, type Dependents } from './versionedTable';

function defined(clauses: (FilterClause | false | undefined)[]): FilterClause[] {
  return clauses.filter((c): c is FilterClause => Boolean(c));
}

export const modelFilter = (f: ModelFilter) =>
  defined([
    f.name !== undefined && { sql: 'name = ?', params: [f.name] },
    f.tag !== undefined && { sql: "EXISTS (SELECT 1 FROM json_each(doc, '$.tags') WHERE value = ?)", params: [f.tag] },
  ]);

const manifestFilter = (f: ManifestFilter) =>
  defined([
    f.manifestName !== undefined && { sql: 'name = ?', params: [f.manifestName] },
    f.modelId !== undefined && {
      sql: "EXISTS (SELECT 1 FROM json_each(doc, '$.modelIds') WHERE value = ?)",
      params: [f.modelId],
    },
  ]);

const imageFilter = (f: ImageFilter) =>
  defined([
    f.manifestId !== undefined && { sql: "json_extract(doc, '$.manifest.id') = ?", params: [f.manifestId] },
    f.manifestName !== undefined && { sql: "json_extract(doc, '$.manifest.name') = ?", params: [f.manifestName] },
  ]);

/** What keeps a model, a manifest or an image from being deleted: the resources built on it, and work under way. */
const MODEL_USERS: Dependents[] = [
  { label: 'manifest', sql: "SELECT name, version FROM manifests WHERE account = ? AND EXISTS (SELECT 1 FROM json_each(doc, '$.modelIds') WHERE value = ?) ORDER BY seq" },
];
const MANIFEST_USERS: Dependents[] = [
  { label: 'image', sql: "SELECT name, version FROM images WHERE account = ? AND json_extract(doc, '$.manifest.id') = ? ORDER BY seq" },
];
const IMAGE_USERS: Dependents[] = [
  { label: 'service', sql: "SELECT name FROM services WHERE account = ? AND json_extract(doc, '$.imageId') = ? ORDER BY seq" },
  {
    label: 'endpoint',
    sql: "SELECT s.name || '/' || e.name AS name FROM endpoints e JOIN services s ON s.id = e.service_id WHERE e.account = ? AND json_extract(e.doc, '$.imageId') = ? ORDER BY e.seq",
  },
  {
    label: 'build operation',
    sql: "SELECT id AS name FROM operations WHERE account = ? AND state IN ('NotStarted', 'Running') AND json_extract(work, '$.imageId') = ? ORDER BY seq",
  },
];

function accountRepository(db: Database.Database): AccountRepository {
  const writeAssignment = insertRoleAssignment(db);
  const byKey = db.prepare('SELECT doc FROM accounts WHERE key = ?');
  const insert = db.prepare('INSERT INTO accounts (key, subscription, resource_group, doc) VALUES (?, ?, ?, ?)');
  const replace = db.prepare('UPDATE accounts SET doc = ? WHERE key = ?');
  const statement = statementCache(db);
  const read = (ref: AccountRef) => {
    const row = byKey.get(accountKey(ref)) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Account) : undefined;
  };
  const create = db.transaction((ref: AccountRef, fields: { description?: string; location?: string }, owner: RoleAssignment) => {
    if (read(ref)) return undefined;
    const account = newAccount(ref, fields);
    insert.run(accountKey(ref), ref.subscriptionId, ref.resourceGroupName, JSON.stringify(account));
    writeAssignment(accountKey(ref), owner);
    return account;
  });
  return {
    put(ref, fields) {
      return asPromise(db.transaction(() => {
        const existing = read(ref);
        const account = newAccount(ref, fields, existing);
        if (existing) replace.run(JSON.stringify(account), accountKey(ref));
        else insert.run(accountKey(ref), ref.subscriptionId, ref.resourceGroupName, JSON.stringify(account));
        return { account, created: !existing };
      }));
    },
    create(ref, fields, owner) {
      return asPromise(() => create.immediate(ref, fields, owner));
    },
    get(ref) {
      return asPromise(() => read(ref));
    },
    list(subscriptionId, resourceGroupName, options: ListOptions, visibleTo) {
      return asPromise(() => {
        const filters: FilterClause[] = [{ sql: 'subscription = ? AND resource_group = ?', params: [subscriptionId, resourceGroupName] }];
        if (visibleTo) filters.push(visibleToFilter(visibleTo));
        return keysetPage<Account>(statement, 'accounts', filters, options);
      });
    },
  };
}

function assetRepository(db: Database.Database): AssetRepository {
  const insert = db.prepare('INSERT INTO assets (id, account, sha256, doc) VALUES (?, ?, ?, ?)');
  const byId = db.prepare('SELECT doc FROM assets WHERE account = ? AND id = ?');
  return {
    create(account, asset) {
      return asPromise(() => {
        insert.run(asset.id, account, asset.sha256, JSON.stringify(asset));
      });
    },
    get(account, id) {
      return asPromise(() => {
        const row = byId.get(account, id) as { doc: string } | undefined;
        return row ? (JSON.parse(row.doc) as AssetRecord) : undefined;
      });
    },
  };
}

function insertOperation(db: Database.Database): (record: OperationRecord) => void {
  const insert = db.prepare('INSERT INTO operations (id, account, state, doc, work) VALUES (?, ?, ?, ?, ?)');
  return (record) => {
    insert.run(record.status.id, record.account, record.status.state, JSON.stringify(record.status), JSON.stringify(record.work));
  };
}

function operationRepository(db: Database.Database): OperationRepository {
  const insert = insertOperation(db);
  const byId = db.prepare('SELECT account, doc, work FROM operations WHERE account = ? AND id = ?');
  const replace = db.prepare('UPDATE operations SET state = ?, doc = ?, work = ? WHERE account = ? AND id = ?');
  const unfinished = db.prepare("SELECT account, doc, work FROM operations WHERE state IN ('NotStarted', 'Running') ORDER BY seq");
  type Row = { account: string; doc: string; work: string };
  const toRecord = (row: Row): OperationRecord => ({
    account: row.account,
    status: JSON.parse(row.doc) as OperationRecord['status'],
    work: JSON.parse(row.work) as OperationRecord['work'],
  });
  return {
    create(record) {
      return asPromise(() => {
        insert(record);
      });
    },
    get(account, id) {
      return asPromise(() => {
        const row = byId.get(account, id) as Row | undefined;
        return row ? toRecord(row) : undefined;
      });
    },
    update(record) {
      return asPromise(() => {
        replace.run(record.status.state, JSON.stringify(record.status), JSON.stringify(record.work), record.account, record.status.id);
      });
    },
    listUnfinished() {
      return asPromise(() => (unfinished.all() as Row[]).map(toRecord));
    },
  };
}

/** The embedded store: one SQLite file in WAL mode. */
export function openSqliteStore(file: string): Store {
  const db = openDatabase(file);
  const images = new VersionedTable<Image, ImageFilter>(db, 'images', imageFilter, IMAGE_USERS);
  const insertOp = insertOperation(db);
  const imageRepository: ImageRepository = {
    create: (a, n, b) => images.create(a, n, b),
    async createWithOperation(account, name, build, operation) {
      let record: OperationRecord | undefined;
      const image = await images.create(account, name, build, (doc) => {
        record = operation(doc);
        insertOp(record);
      });
      return { image, operation: record! };
    },
    get: (a, id) => images.get(a, id),
    list: (a, f, o) => images.list(a, f, o),
    update: (a, image) => images.update(a, image),
    delete: (a, id) => images.delete(a, id),
  };
  return {
    accounts: accountRepository(db),
    assets: assetRepository(db),
    models: new VersionedTable<Model, ModelFilter>(db, 'models', modelFilter, MODEL_USERS),
    manifests: new VersionedTable<Manifest, ManifestFilter>(db, 'manifests', manifestFilter, MANIFEST_USERS),
    images: imageRepository,
    operations: operationRepository(db),
    ...serviceTables(db, insertOp),
    jobs: jobTable(db),
    quotaCounters: quotaCounterTable(db),
    usage: usageTable(db),
    requestLogs: requestLogTable(db),
    leases: leaseTable(db),
    roleAssignments: roleAssignmentTable(db),
    changes: changeTable(db),
    close() {
      return asPromise(() => {
        db.close();
      });
    },
  };
}
