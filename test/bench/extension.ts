// Extension benchmark in a real VS Code: activation time, Local service start, and the time to show the first
// page of the Models folder with 100 and with 10,000 models (printed side by side, with their ratio).
// Usage: npx tsx test/bench/extension.ts
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { runIntegrationTests } from '../integration/harness/runInVsCode';

const repoRoot = join(__dirname, '..', '..');

async function main(): Promise<number> {
  for (const args of [['scripts/setup-vscode.mjs'], ['esbuild.mjs']]) {
    const result = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) return 1;
  }
  await esbuild.build({
    entryPoints: [join(__dirname, 'extension', 'index.ts')],
    outfile: join(repoRoot, 'out', 'bench', 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return runIntegrationTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'bench', 'index.js'),
    workspaceFiles: { 'README.md': '# Modelbay benchmark workspace\n' },
    log: (line) => {
      if (line.includes('[bench]') || /error/i.test(line)) console.log(line);
    },
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
