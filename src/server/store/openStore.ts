import * as path from 'node:path';
import type { ServiceConfig } from '../config';
import { openPostgresStore } from './postgres/postgresStore';
import type { Store } from './repositories';
import { asPromise } from './sqlite/asPromise';
import { openSqliteStore } from './sqlite/sqliteStore';

/**
 * The store a service's config names: the PostgreSQL database at `config.store` (a team's instances share it), or
 * else the SQLite file in the data folder. `onIdleError` hears of pooled PostgreSQL connections that broke.
 */
export function openStore(config: Pick<ServiceConfig, 'dataDir' | 'store'>, onIdleError: (error: Error) => void): Promise<Store> {
  if (config.store !== undefined) return openPostgresStore(config.store, { onIdleError });
  return asPromise(() => openSqliteStore(path.join(config.dataDir, 'modelbay.sqlite')));
}
