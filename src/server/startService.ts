import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { DEFAULT_ACCOUNT } from '../api/accountRef';
import { buildApp } from './app';
import { openBatchJobs } from './batch/batchJobs';
import { EndpointDirectory } from './gateway/endpointDirectory';
import { createGateway } from './gateway/gateway';
import { createCallRecorder } from './usage/callRecorder';
import { invalidatingStore } from './gateway/invalidatingStore';
import { loadOrCreateAdminToken } from './auth/adminToken';
import { createAuthenticator } from './auth/authenticator';
import { openStorage } from './blobs/openStorage';
import type { ServiceConfig } from './config';
import type { ServiceContext } from './context';
import { buildImageOperation } from './images/buildImageOperation';
import { ImageBuilder } from './images/imageBuilder';
import { ImageLayout } from './images/imageLayout';
import { LeaseKeeper } from './instances/leaseKeeper';
import { ChangeFeed } from './instances/changeFeed';
import { loadOrCreateInstanceId } from './instances/instanceId';
import { ServiceReconciler } from './instances/serviceReconciler';
import { BuildLogFeed } from './logs/buildLogFeed';
import { OperationRunner } from './operations/operationRunner';
import { RuntimeManager } from './runtime/runtimeManager';
import { openDriverHosts } from './runtime/sandbox/openDriverHosts';
import { deployServiceOperation } from './services/deployServiceOperation';
import { markCrashLoop } from './services/markCrashLoop';
import { serverPathHider, serviceFolders } from './serverPaths';
import { restoreServices } from './services/restoreServices';
import type { Store } from './store/repositories';
import { openStore } from './store/openStore';

export interface RunningService {
  app: FastifyInstance;
  context: ServiceContext;
  adminToken: string;
  log: Logger;
  /** The store's change feed as this instance follows it (`catchUp` waits until it has acted on every change made so far). */
  changes: ChangeFeed;
  /** Stops taking requests, lets the running operation finish its step, stops replicas, closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the data folder (store, blobs, images, admin token), builds the app, resumes operations a previous run
 * left unfinished and brings running services back up. Does not listen.
 */
export interface StartOptions {
  /** Opens the store (the config's: PostgreSQL, or the SQLite file by default); a test passes one that counts its calls. */
  openStore?: typeof openStore;
}

export async function startService(
  config: ServiceConfig,
  logOptions: LoggerOptions | false = false,
  destination?: NodeJS.WritableStream,
  options: StartOptions = {},
): Promise<RunningService> {
  const log = logOptions === false ? pino({ level: 'silent' }) : pino(logOptions, destination as pino.DestinationStream | undefined);
  await fs.mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const adminToken = await loadOrCreateAdminToken(config.dataDir);
  const sqlite: Store = await (options.openStore ?? openStore)(config, (error) => log.warn({ err: error }, 'a store connection failed; the pool replaces it'));
  // Scoring calls find their endpoint in memory; every endpoint write through this store forgets the copy at once.
  const endpoints = new EndpointDirectory(sqlite.endpoints);
  const store = invalidatingStore(sqlite, endpoints);
  const images = new ImageLayout(path.join(config.dataDir, 'images'));
  await images.open();
  // A blob storage that does not answer ends the start; the store opened above is closed, not left behind.
  const { blobs, images: imageStore } = await openStorage(config, images, log).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  await store.accounts.put(DEFAULT_ACCOUNT, {});

  const hidePaths = serverPathHider(serviceFolders(config.dataDir));
  const drivers = await openDriverHosts(config.drivers, config.dataDir);
  const driverMode = { drivers: drivers.confined ? 'confined' : 'unconfined' };
  if (drivers.canRun()) log.info(driverMode, drivers.describe());
  else log.warn(driverMode, drivers.describe());
  const runtime = new RuntimeManager(
    imageStore,
    log,
    (account, serviceId, reason) => {
      void markCrashLoop(store, runtime, account, serviceId, hidePaths(reason)).catch((error: unknown) => log.error({ err: error }, 'could not record a crash loop'));
    },
    drivers,
  );
  const leases = new LeaseKeeper(store.leases, await loadOrCreateInstanceId(config.dataDir), log, config.leaseMs);
  leases.start();
  const operations = new OperationRunner(store.operations, hidePaths, leases);
  const buildLogs = new BuildLogFeed();
  const context: ServiceContext = { config, store, blobs, images, buildLogs, operations, runtime, hidePaths };
  const gateway = createGateway(endpoints, log, { repository: store.quotaCounters, rows: await store.quotaCounters.list() }, createCallRecorder(config, store, hidePaths, log));
  const batch = await openBatchJobs(context, gateway, log, leases);
  const app = buildApp(context, { authenticate: createAuthenticator(adminToken, config.jwt), logger: log, gateway, batch });
  operations.start(
    {
      buildImage: buildImageOperation(store, new ImageBuilder(store, blobs, images, imageStore, config), images, buildLogs),
      deployService: deployServiceOperation(store, runtime),
    },
    log,
  );
  await operations.resumeUnfinished();
  await batch.runner.resumeUnfinished();
  // What other instances change (keys, policies, services) reaches this one through the store's change feed.
  const reconciler = new ServiceReconciler(store, runtime, log);
  const feed = new ChangeFeed(store.changes, (change) => {
    if (change.kind === 'endpoint') return endpoints.forgetId(change.id);
    endpoints.forget((entry) => entry.endpoint.serviceId === change.id);
    reconciler.reconcile(change.account, change.id);
  }, log);
  await feed.start();
  void restoreServices(store, runtime, log, hidePaths);
  return {
    app,
    context,
    adminToken,
    log,
    changes: feed,
    async close() {
      await app.close();
      await operations.stop();
      await batch.close();
      leases.stop();
      await feed.stop();
      await reconciler.idle();
      await runtime.stopAll();
      gateway.access.stop();
      await gateway.quotas.stop();
      await gateway.calls.stop();
      await store.close();
    },
  };
}
