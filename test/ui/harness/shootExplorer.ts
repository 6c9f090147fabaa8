// A look at the real workbench: opens a small workspace with Modelbay loaded, shows the Explorer and saves a
// screenshot. Usage: npx tsx test/ui/harness/shootExplorer.ts [out.png] [--vsix file.vsix]
// (default out: .test-output/ui/explorer.png; without --vsix the extension loads from the repo's dist/).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { takeScreenshot } from './screenshot';
import { startVsCodeForUi, type UiSession } from './uiSession';

const repoRoot = join(__dirname, '..', '..', '..');

const WORKSPACE_FILES = {
  'README.md': '# Scoring demo\n',
  'models/score.py': 'def run(data):\n    return data\n',
  'models/conda.yml': 'dependencies:\n  - numpy\n',
};

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { vsix: { type: 'string' } } });
  const out = resolve(positionals[0] ?? join(repoRoot, '.test-output', 'ui', 'explorer.png'));
  let ui: UiSession | undefined;
  try {
    const started = Date.now();
    ui = await startVsCodeForUi({
      workspaceFiles: WORKSPACE_FILES,
      vsixPath: values.vsix ? resolve(values.vsix) : undefined,
      extensionDevelopmentPath: values.vsix ? undefined : repoRoot,
    });
    await ui.page.keyboard.press('Control+Shift+E');
    await ui.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
    await ui.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'models' }).first().click();
    await ui.page.waitForTimeout(500); // let the tree expand and fonts settle before the picture
    const path = await takeScreenshot(ui.page, out);
    console.log(`screenshot ${path} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await ui?.close();
  }
}

main().catch((error: unknown) => {
  console.error(`shootExplorer: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
