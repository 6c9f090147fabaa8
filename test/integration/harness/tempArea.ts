import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One temporary folder per VS Code session, holding every folder code-server and the browser write to. */
export interface TempArea {
  readonly root: string;
  /** Creates (if needed) and returns the sub-folder `name`. */
  dir(name: string): string;
  remove(): void;
}

export function createTempArea(prefix = 'modelbay-vscode-'): TempArea {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return {
    root,
    dir(name: string): string {
      const path = join(root, name);
      mkdirSync(path, { recursive: true, mode: 0o700 });
      return path;
    },
    remove(): void {
      rmSync(root, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
    },
  };
}
