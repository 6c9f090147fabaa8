import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

async function sources(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

describe('extension manifest and code agree', () => {
  let manifest: {
    contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]> };
  };
  let registered: Set<string>;
  before(async () => {
    manifest = JSON.parse(await fs.readFile(path.join(ROOT, 'package.json'), 'utf8')) as typeof manifest;
    registered = new Set<string>();
    for (const file of await sources(path.join(ROOT, 'src/extension'))) {
      const text = await fs.readFile(file, 'utf8');
      for (const match of text.matchAll(/registerCommand\(\s*context,\s*log,\s*'([^']+)'/g)) registered.add(match[1]!);
    }
  });

  it('registers every command package.json contributes, and contributes every command it registers', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    assert.deepEqual([...contributed].filter((c) => !registered.has(c)), [], 'contributed but never registered');
    assert.deepEqual([...registered].filter((c) => !contributed.has(c)), [], 'registered but not contributed');
  });

  it('menus name only contributed commands', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const unknown = Object.values(manifest.contributes.menus).flat().map((m) => m.command).filter((c) => !contributed.has(c));
    assert.deepEqual(unknown, []);
  });
});
