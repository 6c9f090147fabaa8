// The built .vsix files the package tests read (`npm run test:package` builds them first with package:all).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { vsixFileName, type VsixTarget } from '../../scripts/lib/vsixTargets';
import { listZip, readZipEntry, type ZipEntry } from '../../scripts/lib/zipReader';

export const REPO = path.resolve(__dirname, '../..');

export interface Vsix {
  file: string;
  bytes: Buffer;
  entries: ZipEntry[];
  names: string[];
  read: (name: string) => Buffer;
}

export function openVsix(target: VsixTarget): Vsix {
  const file = path.join(REPO, vsixFileName(target.name));
  assert.ok(existsSync(file), `${file} is missing: run npm run package:all first (npm run test:package does)`);
  const bytes = readFileSync(file);
  const entries = listZip(bytes);
  return {
    file,
    bytes,
    entries,
    names: entries.map((e) => e.name),
    read: (name: string) => {
      const entry = entries.find((e) => e.name === name);
      assert.ok(entry, `${path.basename(file)} holds no ${name}`);
      return readZipEntry(bytes, entry);
    },
  };
}
