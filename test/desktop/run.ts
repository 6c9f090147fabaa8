// npm run test:desktop: the integration suite (test/integration) in desktop VS Code, downloaded by
// @vscode/test-electron, where the extension host is Electron and the Local service runs on VS Code's own runtime.
// Where VS Code cannot be downloaded (a machine with no network but the npm registry) it prints
// "skipped: cannot download VS Code (...)" and exits 0; the code-server suites (npm run test:integration) are the
// ones CI runs there. Not part of npm test.
// Environment: MODELBAY_VSCODE_VERSION (default 1.100.3, the oldest engines.vscode allows; or `stable`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests, TestRunFailedError } from '@vscode/test-electron';
import { writeUserSettings } from '../integration/harness/userSettings';

const repoRoot = join(__dirname, '..', '..');
const version = process.env.MODELBAY_VSCODE_VERSION ?? '1.100.3';
const say = (line: string) => console.log(`[desktop] ${line}`);

function step(label: string, args: string[]): void {
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${label} failed (${result.signal ?? `exit ${result.status}`})`);
}

/** Desktop VS Code on Linux needs a display: a headless machine runs it under xvfb-run. */
function needsDisplay(): boolean {
  return process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
}

async function main(): Promise<number> {
  let executable: string;
  try {
    executable = await downloadAndUnzipVSCode({ version, cachePath: join(repoRoot, '.tools', 'vscode-test'), timeout: 15_000 });
  } catch (error) {
    say(`skipped: cannot download VS Code ${version} (${error instanceof Error ? error.message : String(error)}); the code-server suites (npm run test:integration) cover the extension host here`);
    return 0;
  }
  if (needsDisplay()) {
    if (process.env.MODELBAY_UNDER_XVFB) throw new Error('still no DISPLAY under xvfb-run');
    say('no display: running again under xvfb-run');
    const again = spawnSync('xvfb-run', ['-a', process.execPath, ...process.execArgv, __filename], { stdio: 'inherit', env: { ...process.env, MODELBAY_UNDER_XVFB: '1' } });
    if (again.error) throw new Error(`desktop VS Code needs a display on Linux and xvfb-run is not installed (apt-get install xvfb): ${again.error.message}`);
    return again.status ?? 1;
  }

  step('build extension', ['esbuild.mjs']);
  step('build integration tests', ['test/integration/build.mjs']);
  const area = mkdtempSync(join(tmpdir(), 'modelbay-desktop-'));
  try {
    const workspace = join(area, 'workspace');
    const userData = join(area, 'user-data');
    writeUserSettings(userData);
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'README.md'), '# Modelbay desktop integration test workspace\n');
    say(`running the integration tests in VS Code ${version} (${executable})`);
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'integration', 'index.js'),
      extensionTestsEnv: { MODELBAY_TEST_HOST: 'desktop' },
      launchArgs: [workspace, '--user-data-dir', userData, '--extensions-dir', join(area, 'extensions'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes', '--disable-gpu'],
    });
    say('passed');
    return 0;
  } catch (error) {
    if (error instanceof TestRunFailedError) {
      say(`FAILED: the tests reported ${error.signal ? `signal ${error.signal}` : `exit code ${error.code}`}`);
      return 1;
    }
    throw error;
  } finally {
    rmSync(area, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
