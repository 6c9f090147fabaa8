import * as os from 'node:os';
import * as path from 'node:path';
import { IMAGE_ROOT } from './runtime/sandbox/bubblewrap';

/** Rewrites a message so it holds no path of the service's own machine. */
export type PathHider = (text: string) => string;

/** Inside an image folder (`.../images/store/<sha256>/`), the path within the image: the user's own layout. */
const IMAGE_FOLDER = /[\\/]images[\\/]store[\\/][0-9a-f]{64}[\\/]/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A path in a confined replica's own view of its image (`/image/app/score.py`): shown as the path inside the image. */
const SANDBOX_IMAGE = new RegExp(`(?<![\\w./-])${escapeRegExp(IMAGE_ROOT)}/(?=[^\\s/])`, 'g');

/**
 * A hider for the folders the service runs from (its data folder, its install folder, the temp folder, the home
 * folder): a path under one of them becomes what a caller can act on, the path inside an image
 * (`models/iris/1/iris.onnx`) or else the file's name. Errors leave the service through it, so a caller of a shared
 * service never learns the server's layout, and a message stays short enough to read.
 */
export function serverPathHider(roots: readonly string[]): PathHider {
  const folders = [...new Set(roots.filter((r) => path.isAbsolute(r) && r.length > 1).map((r) => r.replace(/[\\/]+$/, '')))];
  if (folders.length === 0) return (text) => text.replace(SANDBOX_IMAGE, '');
  // Longest first, so a data folder inside the home folder is matched as the data folder.
  folders.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(`(?:${folders.map(escapeRegExp).join('|')})(?:[\\\\/][^\\s'"\`()<>,;]*)?`, 'g');
  return (text) =>
    text.replace(SANDBOX_IMAGE, '').replace(pattern, (found) => {
      const inImage = IMAGE_FOLDER.exec(found);
      if (inImage) return found.slice(inImage.index + inImage[0].length);
      const name = path.basename(found.replace(/[.:]+$/, ''));
      return folders.includes(found) || !name ? '(service folder)' : name + found.slice(found.replace(/[.:]+$/, '').length);
    });
}

/** The folders a running service would give away: its data, its own files, temp and home. */
export function serviceFolders(dataDir: string): string[] {
  return [path.resolve(dataDir), path.resolve(__dirname, '..'), os.tmpdir(), os.homedir()];
}
