// One command for the integration tests in a real VS Code: installs it if needed, builds the extension and the
// tests, runs them in code-server's extension host and exits with the code the tests reported.
// Usage: npx tsx test/integration/run.ts [--verbose]
// Every variable of this process's environment reaches the extension host (code-server inherits it).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runIntegrationTests } from './harness/runInVsCode';

const repoRoot = join(__dirname, '..', '..');

function step(label: string, args: string[]): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`[integration] ${label} failed (${result.signal ?? `exit ${result.status}`}) after ${seconds} s`);
    process.exit(1);
  }
  console.log(`[integration] ${label}: ${seconds} s`);
}

async function main(): Promise<number> {
  step('setup VS Code', ['scripts/setup-vscode.mjs']);
  step('build extension', ['esbuild.mjs']);
  step('build integration tests', ['test/integration/build.mjs']);
  const started = Date.now();
  const code = await runIntegrationTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'integration', 'index.js'),
    // The workspace is a fresh folder in the session's temp area, removed with it (also on SIGINT).
    workspaceFiles: { 'README.md': '# Modelbay integration test workspace\n' },
    verbose: process.argv.includes('--verbose'),
  });
  console.log(`[integration] tests in VS Code: exit code ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[integration] FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
