import { promises as fs } from 'node:fs';
import type { ImageLayout } from './imageLayout';
import type { ImageStore } from './imageStore';
import { sealFolder } from './stageFiles';

const exists = (folder: string) => fs.stat(folder).then(() => true, () => false);

/** Images kept only in the data folder (`images/store/<digest>`): the store is the folder the runtime loads. */
export class FolderImageStore implements ImageStore {
  constructor(private readonly layout: ImageLayout) {}

  async publish(digest: string, staging: string): Promise<{ folder: string; reused: boolean }> {
    const folder = this.layout.imageFolder(digest);
    if (await exists(folder)) return { folder, reused: true };
    await sealFolder(staging);
    await fs.rename(staging, folder);
    return { folder, reused: false };
  }

  async folderFor(digest: string): Promise<string> {
    const folder = this.layout.imageFolder(digest);
    if (!(await exists(folder))) throw new Error(`the files of image sha256:${digest} are missing from the data folder; build the image again`);
    return folder;
  }
}
