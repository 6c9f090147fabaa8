import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { regularEntriesOnly } from './tarEntries';
import { listFiles } from './stageFiles';

/**
 * An image folder as one tar stream: its files (sorted, so one folder gives one archive) with their modes, whose
 * executable bits the content digest covers. Portable: no owner or user names of the machine that built it.
 */
export async function packImage(folder: string): Promise<Readable> {
  const files = await listFiles(folder);
  return tar.c({ cwd: folder, portable: true }, files) as unknown as Readable;
}

/**
 * Unpacks an image archive into `folder`. The archive comes from our own storage, yet only plain files and folders
 * are taken and nothing may land outside the folder: storage shared by a team is not trusted with the machine.
 */
export async function unpackImage(archive: Readable, folder: string): Promise<void> {
  const refused: string[] = [];
  await pipeline(
    archive,
    tar.x({
      cwd: folder,
      strict: true,
      preservePaths: false,
      filter: regularEntriesOnly(refused),
    }),
  );
  if (refused.length > 0) throw new Error(`the image archive holds links or special files: ${refused.slice(0, 5).join(', ')}`);
}
