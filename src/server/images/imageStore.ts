/**
 * Where built images are kept and how the runtime gets a folder to load one from: the data folder alone (one
 * machine), or the shared blob storage with a verified local cache (several instances).
 */
export interface ImageStore {
  /**
   * Keeps the image assembled in `staging` (whose content digest is `digest`) for every instance to run; takes the
   * staging folder over. Answers the local folder and whether an identical image was already kept.
   */
  publish(digest: string, staging: string): Promise<{ folder: string; reused: boolean }>;
  /** The local folder the runtime loads the image from: fetched (and checked against its digest) when needed. */
  folderFor(digest: string): Promise<string>;
}
