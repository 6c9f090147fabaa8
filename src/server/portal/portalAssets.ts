import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The portal's browser files, built by esbuild (`portal` in esbuild.mjs) beside the service bundle: dist/portal/. */
export const PORTAL_FILES = { 'help.js': 'text/javascript; charset=utf-8', 'help.css': 'text/css; charset=utf-8' } as const;
export type PortalFile = keyof typeof PORTAL_FILES;

/** Reads each file once (they ship with the service and do not change while it runs). */
export class PortalAssets {
  private readonly loaded = new Map<PortalFile, Promise<Buffer>>();

  constructor(private readonly folder = path.join(__dirname, 'portal')) {}

  read(name: PortalFile): Promise<Buffer> {
    let content = this.loaded.get(name);
    if (!content) {
      content = fs.readFile(path.join(this.folder, name));
      content.catch(() => this.loaded.delete(name));
      this.loaded.set(name, content);
    }
    return content;
  }
}
