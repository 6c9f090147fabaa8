import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Where images live under the data folder: `store/<sha256>` holds finished, read-only images named by their
 * content hash; `staging/<operation>` is where one is assembled; `logs/<image id>.log` keeps each build log.
 */
export class ImageLayout {
  readonly storeFolder: string;
  readonly stagingFolder: string;
  readonly logFolder: string;

  constructor(root: string) {
    this.storeFolder = path.join(root, 'store');
    this.stagingFolder = path.join(root, 'staging');
    this.logFolder = path.join(root, 'logs');
  }

  /** Creates the folders and drops half-assembled images a crash left behind (their builds are resumed). */
  async open(): Promise<void> {
    await fs.rm(this.stagingFolder, { recursive: true, force: true });
    await Promise.all([this.storeFolder, this.stagingFolder, this.logFolder].map((f) => fs.mkdir(f, { recursive: true })));
  }

  imageFolder(digest: string): string {
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error(`not an image digest: ${digest}`);
    return path.join(this.storeFolder, digest);
  }

  stagingFor(operationId: string): string {
    return path.join(this.stagingFolder, this.checkedId(operationId));
  }

  logFile(imageId: string): string {
    return path.join(this.logFolder, `${this.checkedId(imageId)}.log`);
  }

  private checkedId(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a service-issued id: ${id}`);
    return id;
  }
}
