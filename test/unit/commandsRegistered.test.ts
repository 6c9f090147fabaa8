import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

async function sources(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

interface MenuEntry {
  command?: string;
  submenu?: string;
}

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    submenus?: { id: string; label: string }[];
    menus: Record<string, MenuEntry[]>;
    walkthroughs: { steps: { id: string; title: string; description: string; completionEvents?: string[] }[] }[];
  };
}

describe('extension manifest and code agree', () => {
  let manifest: Manifest;
  let registered: Set<string>;
  let executed: Set<string>;
  let contributed: Set<string>;
  before(async () => {
    manifest = JSON.parse(await fs.readFile(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
    contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    registered = new Set<string>();
    executed = new Set<string>();
    for (const file of [...(await sources(path.join(ROOT, 'src/extension'))), ...(await sources(path.join(ROOT, 'webviews')))]) {
      const text = await fs.readFile(file, 'utf8');
      for (const match of text.matchAll(/registerCommand\(\s*context,\s*log,\s*'([^']+)'/g)) registered.add(match[1]!);
      for (const match of text.matchAll(/(?:executeCommand\(|command: )'(modelbay\.[^']+)'/g)) executed.add(match[1]!);
    }
  });

  it('registers every command package.json contributes, and contributes every command it registers', () => {
    assert.deepEqual([...contributed].filter((c) => !registered.has(c)), [], 'contributed but never registered');
    assert.deepEqual([...registered].filter((c) => !contributed.has(c)), [], 'registered but not contributed');
  });

  it('menus name only contributed commands and submenus, and every submenu is shown somewhere', () => {
    const submenus = new Set((manifest.contributes.submenus ?? []).map((s) => s.id));
    const entries = Object.values(manifest.contributes.menus).flat();
    assert.deepEqual(entries.filter((m) => (m.command ? !contributed.has(m.command) : !m.submenu || !submenus.has(m.submenu))), []);
    const shown = new Set(entries.map((m) => m.submenu).filter(Boolean));
    assert.deepEqual([...submenus].filter((s) => !shown.has(s)), [], 'submenus no menu shows');
    assert.deepEqual(Object.keys(manifest.contributes.menus).filter((menu) => menu.startsWith('modelbay.') && !submenus.has(menu)), [], 'menus of unknown submenus');
  });

  it('the code runs only contributed Modelbay commands', () => {
    assert.deepEqual([...executed].filter((c) => !contributed.has(c)), []);
  });

  it('one command per action: no two commands share a title, however they are dressed ("(Form)", "with Modelbay")', () => {
    const action = (title: string) => title.replace(/\(.*?\)|\.\.\.| with Modelbay/g, '').trim().toLowerCase();
    const titles = manifest.contributes.commands.map((c) => action(c.title));
    const doubled = titles.filter((t, i) => titles.indexOf(t) !== i && t !== 'refresh');
    assert.deepEqual(doubled, []);
  });

  it('the walkthrough names commands by their titles, links only contributed ones, and completes on them', () => {
    const titleOf = new Map(manifest.contributes.commands.map((c) => [c.command, c.title]));
    for (const step of manifest.contributes.walkthroughs.flatMap((w) => w.steps)) {
      for (const [, text, command] of step.description.matchAll(/\[([^\]]+)\]\(command:([^)?]+)\)/g)) {
        if (!command!.startsWith('modelbay.')) continue;
        assert.ok(titleOf.has(command!), `step ${step.id} links ${command}, which is not contributed`);
        assert.equal(text, titleOf.get(command!), `step ${step.id}: the link reads "${text}", the command is "${titleOf.get(command!)}"`);
      }
      for (const event of step.completionEvents ?? []) {
        const command = /^onCommand:(modelbay\..+)$/.exec(event)?.[1];
        if (command) assert.ok(contributed.has(command), `step ${step.id} completes on ${command}, which is not contributed`);
      }
    }
  });
});
