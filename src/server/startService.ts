import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { DEFAULT_ACCOUNT } from '../api/accountRef';
import { buildApp } from './app';
import { loadOrCreateAdminToken } from './auth/adminToken';
import { createAuthenticator } from './auth/authenticator';
import { BlobStore } from './blobs/blobStore';
import type { ServiceConfig } from './config';
import type { ServiceContext } from './context';
import { buildImageOperation } from './images/buildImageOperation';
import { ImageBuilder } from './images/imageBuilder';
import { ImageLayout } from './images/imageLayout';
import { OperationRunner } from './operations/operationRunner';
import { openSqliteStore } from './store/sqlite/sqliteStore';

export interface RunningService {
  app: FastifyInstance;
  context: ServiceContext;
  adminToken: string;
  /** Stops taking requests, lets the running operation finish its step, closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the data folder (store, blobs, images, admin token), builds the app, and resumes operations a previous
 * run left unfinished. Does not listen.
 */
export async function startService(config: ServiceConfig, logger: FastifyServerOptions['logger'] = false): Promise<RunningService> {
  await fs.mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const adminToken = await loadOrCreateAdminToken(config.dataDir);
  const store = openSqliteStore(path.join(config.dataDir, 'modelbay.sqlite'));
  const blobs = new BlobStore(path.join(config.dataDir, 'blobs'));
  const images = new ImageLayout(path.join(config.dataDir, 'images'));
  await Promise.all([blobs.open(), images.open()]);
  await store.accounts.put(DEFAULT_ACCOUNT, {});

  const operations = new OperationRunner(store.operations);
  const context: ServiceContext = { config, store, blobs, images, operations };
  const app = buildApp(context, { authenticate: createAuthenticator(adminToken, config.jwt), logger });
  const builder = new ImageBuilder(store, blobs, images, config);
  operations.start({ buildImage: buildImageOperation(store, builder, images) }, app.log);
  await operations.resumeUnfinished();
  return {
    app,
    context,
    adminToken,
    async close() {
      await app.close();
      await operations.stop();
      await store.close();
    },
  };
}
