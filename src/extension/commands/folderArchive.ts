// Bundled on its own (dist/folderArchive.js): only registering a model folder needs the tar library.
import { Readable } from 'node:stream';
import * as tar from 'tar';

/** A .tar.gz stream of a folder (no .git or node_modules, links kept as links, which the image build refuses). */
export function folderArchive(folder: string): Readable {
  const archive = tar.c({ gzip: true, cwd: folder, portable: true, follow: false, filter: (p) => !p.split('/').some((s) => s === '.git' || s === 'node_modules') }, ['.']);
  return Readable.from(archive);
}
