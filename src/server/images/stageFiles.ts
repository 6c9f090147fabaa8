import { createHash } from 'node:crypto';
import { constants as fsConstants, createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar';
import { boundedEntries, regularEntriesOnly } from './tarEntries';
import { archiveKindOf } from './archiveKind';
import { unpackZip } from './zipArchive';

/**
 * Places a stored blob at `target`: a copy-on-write clone where the filesystem has them, else a copy. Never a
 * hard link: a write through one name (root ignores read-only modes) would then change the blob and every image.
 */
export async function placeBlob(blobPath: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.copyFile(blobPath, target, fsConstants.COPYFILE_FICLONE);
}

/**
 * Unpacks an archive into `folder`, recognised by its bytes (gzip'd tar, plain tar or zip), not by its name: the
 * official CLI's asset ids are cut to 32 characters, which drops `.tar.gz`. Only plain files and folders are taken:
 * links, devices and anything that would land outside the folder (absolute paths, `..`) are refused (by the tar
 * library's strict mode and our filter, or by the zip reader).
 */
export async function unpackArchive(archivePath: string, archiveName: string, folder: string): Promise<void> {
  const kind = await archiveKindOf(archivePath);
  if (kind === undefined) {
    throw new Error(`'${archiveName}' is marked unpack but is not a .tar, .tar.gz, .tgz or .zip archive (told by its bytes, not its name)`);
  }
  if (kind === 'zip') {
    await unpackZip(archivePath, folder).catch((error: Error) => {
      throw new Error(`'${archiveName}' ${error.message}`);
    });
    return;
  }
  await fs.mkdir(folder, { recursive: true });
  const skipped: string[] = [];
  const source = createReadStream(archivePath);
  const stop = (reason: string) => source.destroy(new Error(`'${archiveName}' ${reason}`));
  // preservePaths: node-tar's own guard against absolute and `..` paths stays on behind ours.
  await pipeline(source, tar.x({ cwd: folder, strict: true, preservePaths: false, filter: boundedEntries(regularEntriesOnly(skipped), stop) })).catch((error: Error & { code?: string }) => {
    // node-tar's own refusals (a damaged or cut-short archive) name no archive: said as the zip reader says them.
    if (error.code?.startsWith('TAR_')) throw new Error(`'${archiveName}' is damaged or cut short (${error.message.replace(/^TAR_[A-Z_]+: /, '')})`, { cause: error });
    throw error;
  });
  if (skipped.length > 0) throw new Error(`'${archiveName}' holds links or special files, which images do not take: ${skipped.slice(0, 5).join(', ')}`);
}

/** Every file under `root`, as sorted '/'-separated relative paths. */
export async function listFiles(root: string, under = ''): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, under), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const relative = under ? `${under}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, relative)));
    else if (entry.isFile()) files.push(relative);
    else throw new Error(`${relative} is neither a file nor a folder`);
  }
  return files.sort();
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The image's content hash: sha256 over each file's path, mode bits and content hash, in path order. */
export async function contentDigest(root: string): Promise<string> {
  const digest = createHash('sha256');
  for (const relative of await listFiles(root)) {
    const full = path.join(root, relative);
    const executable = ((await fs.stat(full)).mode & 0o111) !== 0;
    digest.update(`${relative}\0${executable ? 'x' : '-'}\0${await hashFile(full)}\n`);
  }
  return digest.digest('hex');
}

/** Makes every file read-only and every folder unwritable: an image never changes once built. */
export async function sealFolder(root: string): Promise<void> {
  for (const relative of await listFiles(root)) {
    const full = path.join(root, relative);
    const executable = ((await fs.stat(full)).mode & 0o111) !== 0;
    await fs.chmod(full, executable ? 0o555 : 0o444);
  }
}
