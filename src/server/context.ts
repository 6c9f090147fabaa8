import type { BlobStore } from './blobs/blobStore';
import type { ServiceConfig } from './config';
import type { ImageLayout } from './images/imageLayout';
import type { BuildLogFeed } from './logs/buildLogFeed';
import type { OperationRunner } from './operations/operationRunner';
import type { RuntimeManager } from './runtime/runtimeManager';
import type { PathHider } from './serverPaths';
import type { Store } from './store/repositories';

/** What every route needs, built once by main (or a test) and passed to the app. */
export interface ServiceContext {
  config: ServiceConfig;
  store: Store;
  blobs: BlobStore;
  images: ImageLayout;
  /** Wakes the readers following a build log (`buildlog?follow=true`). */
  buildLogs: BuildLogFeed;
  operations: OperationRunner;
  runtime: RuntimeManager;
  /** Every error message leaves the service through this: no server path reaches a caller. */
  hidePaths: PathHider;
}
