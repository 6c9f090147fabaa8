import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Logger } from 'pino';
import type { ImageArchives } from '../blobs/imageArchives';
import { packImage, unpackImage } from './imageArchive';
import type { ImageLayout } from './imageLayout';
import type { ImageStore } from './imageStore';
import { contentDigest, sealFolder } from './stageFiles';

const exists = (folder: string) => fs.stat(folder).then(() => true, () => false);

/**
 * Images kept in the shared blob storage (one archive per digest), with this instance's cache of the images it runs
 * in `images/store/<digest>`. A cache entry is checked against its digest the first time this process uses it (a
 * damaged or tampered folder is fetched again), and a fetch is unpacked in staging, checked, sealed and only then
 * renamed into place: a partial download never becomes a cache entry.
 */
export class CachedImageStore implements ImageStore {
  /** Digests checked (or being fetched) in this process: each image is hashed once per run, not per replica. */
  private readonly ready = new Map<string, Promise<string>>();

  constructor(
    private readonly layout: ImageLayout,
    private readonly archives: ImageArchives,
    private readonly log: Logger,
  ) {}

  async publish(digest: string, staging: string): Promise<{ folder: string; reused: boolean }> {
    const reused = await this.archives.has(digest);
    if (!reused) await this.archives.upload(digest, await packImage(staging));
    const folder = this.layout.imageFolder(digest);
    if (!(await exists(folder))) {
      await sealFolder(staging);
      await fs.rename(staging, folder);
      // Just hashed by the build: no need to hash it again before its first run.
      this.ready.set(digest, Promise.resolve(folder));
    }
    return { folder, reused };
  }

  folderFor(digest: string): Promise<string> {
    let folder = this.ready.get(digest);
    if (!folder) {
      folder = this.checkedOrFetched(digest);
      this.ready.set(digest, folder);
      // A failure is not remembered: the next start of the service tries again (the storage may be back).
      folder.catch(() => this.ready.delete(digest));
    }
    return folder;
  }

  private async checkedOrFetched(digest: string): Promise<string> {
    const folder = this.layout.imageFolder(digest);
    if (await exists(folder)) {
      const actual = await contentDigest(folder).catch((error: Error) => `unreadable (${error.message})`);
      if (actual === digest) return folder;
      this.log.warn({ image: `sha256:${digest}`, found: actual }, 'the cached image does not match its digest; fetching it again');
      await this.discard(folder);
    }
    this.log.info({ image: `sha256:${digest}`, from: this.archives.location }, 'fetching the image into the cache');
    const temp = this.layout.stagingFor(randomUUID());
    try {
      await fs.mkdir(temp, { recursive: true });
      await unpackImage(await this.archives.download(digest), temp);
      const actual = await contentDigest(temp);
      if (actual !== digest) throw new Error(`the archive of image sha256:${digest} in the blob storage holds sha256:${actual}`);
      await sealFolder(temp);
      await fs.rename(temp, folder);
      return folder;
    } finally {
      await fs.rm(temp, { recursive: true, force: true });
    }
  }

  /** Moves a bad entry out of the cache at once (one rename), then removes it: a crash mid-removal leaves no half entry. */
  private async discard(folder: string): Promise<void> {
    const aside = this.layout.stagingFor(randomUUID());
    await fs.rename(folder, aside);
    await fs.rm(aside, { recursive: true, force: true });
  }
}
