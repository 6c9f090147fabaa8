import * as path from 'node:path';
import type { Logger } from 'pino';
import type { ServiceConfig } from '../config';
import { CachedImageStore } from '../images/cachedImageStore';
import { FolderImageStore } from '../images/folderImageStore';
import type { ImageLayout } from '../images/imageLayout';
import type { ImageStore } from '../images/imageStore';
import { AzureBlobStore } from './azureBlobStore';
import { openContainer } from './azureContainer';
import type { BlobStore } from './blobStore';
import { FolderBlobStore } from './folderBlobStore';
import { ImageArchives } from './imageArchives';

export interface Storage {
  blobs: BlobStore;
  images: ImageStore;
}

/**
 * The stores of asset bytes and built images, chosen once at start: the data folder, or (with `blobs` configured)
 * an Azure Blob Storage container that several instances share, each with its own cache of the images it runs.
 */
export async function openStorage(config: ServiceConfig, layout: ImageLayout, log: Logger): Promise<Storage> {
  if (!config.blobs) {
    const blobs = new FolderBlobStore(path.join(config.dataDir, 'blobs'));
    await blobs.open();
    return { blobs, images: new FolderImageStore(layout) };
  }
  const container = await openContainer(config.blobs.connectionString, config.blobs.container);
  const blobs = new AzureBlobStore(container, path.join(config.dataDir, 'blobs', 'downloads'));
  await blobs.open();
  log.info({ blobs: container.location }, 'assets and images are kept in Azure Blob Storage');
  return { blobs, images: new CachedImageStore(layout, new ImageArchives(container), log) };
}
