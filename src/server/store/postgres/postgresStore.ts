import type { Image, Manifest, Model } from '../../../api/schemas';
import type { ImageFilter, ImageRepository, ManifestFilter, ModelFilter, OperationRecord, Store } from '../repositories';
import { accountTable, assetTable } from './accountTables';
import { openPool, type PoolOptions } from './connection';
import { IMAGE_USERS, imageFilter, MANIFEST_USERS, manifestFilter, MODEL_USERS, modelFilter } from './documentFilters';
import { changeTable } from './changeTable';
import { jobTable } from './jobTable';
import { leaseTable } from './leaseTable';
import { applyMigrations } from './migrations';
import { insertOperation, operationTable } from './operationTable';
import { quotaCounterTable } from './quotaCounterTable';
import { requestLogTable } from './requestLogTable';
import { roleAssignmentTable } from './roleAssignmentTable';
import { serviceTables } from './serviceTables';
import { usageTable } from './usageTable';
import { PgVersionedTable } from './versionedTable';

/**
 * The team store: PostgreSQL at `url`, shared by every instance pointed at it. Migrates the schema before answering
 * (one instance at a time), then hands out the same repositories as the SQLite store.
 */
export async function openPostgresStore(url: string, options: PoolOptions): Promise<Store> {
  const pool = await openPool(url, options);
  try {
    await applyMigrations(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const images = new PgVersionedTable<Image, ImageFilter>(pool, 'images', imageFilter, IMAGE_USERS);
  const imageRepository: ImageRepository = {
    create: (a, n, b) => images.create(a, n, b),
    async createWithOperation(account, name, build, operation) {
      let record: OperationRecord | undefined;
      const image = await images.create(account, name, build, async (client, doc) => {
        record = operation(doc);
        await insertOperation(client, record);
      });
      return { image, operation: record! };
    },
    get: (a, id) => images.get(a, id),
    list: (a, f, o) => images.list(a, f, o),
    update: (a, image) => images.update(a, image),
    delete: (a, id) => images.delete(a, id),
  };
  return {
    accounts: accountTable(pool),
    assets: assetTable(pool),
    models: new PgVersionedTable<Model, ModelFilter>(pool, 'models', modelFilter, MODEL_USERS),
    manifests: new PgVersionedTable<Manifest, ManifestFilter>(pool, 'manifests', manifestFilter, MANIFEST_USERS),
    images: imageRepository,
    operations: operationTable(pool),
    ...serviceTables(pool),
    jobs: jobTable(pool),
    quotaCounters: quotaCounterTable(pool),
    usage: usageTable(pool),
    requestLogs: requestLogTable(pool),
    leases: leaseTable(pool),
    roleAssignments: roleAssignmentTable(pool),
    changes: changeTable(pool),
    close: () => pool.end(),
  };
}
