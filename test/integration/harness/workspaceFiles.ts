import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize } from 'node:path';

/** Writes `files` (relative path -> text) into `folder`, creating sub-folders; refuses paths that leave it. */
export function writeWorkspaceFiles(folder: string, files: Record<string, string>): void {
  for (const [relativePath, text] of Object.entries(files)) {
    const clean = normalize(relativePath);
    if (isAbsolute(clean) || clean.startsWith('..')) {
      throw new Error(`workspace file path must stay inside the workspace: ${relativePath}`);
    }
    const path = join(folder, clean);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
