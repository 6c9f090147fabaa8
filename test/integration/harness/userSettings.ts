import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Quiet defaults: no welcome page, no telemetry, no update or marketplace checks (there is no network). */
const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
};

/** Writes `<userDataDir>/User/settings.json`: the defaults above overridden by `extra` (e.g. a color theme). */
export function writeUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): string {
  const userDir = join(userDataDir, 'User');
  mkdirSync(userDir, { recursive: true });
  const path = join(userDir, 'settings.json');
  writeFileSync(path, `${JSON.stringify({ ...DEFAULT_SETTINGS, ...extra }, null, 2)}\n`);
  return path;
}
