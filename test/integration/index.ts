// The test entry the extension host loads (the workbench's extensionTestsPath): runs every compiled
// *.test.js next to this file with mocha 11 (CommonJS) and rejects when a test fails, so the workbench
// reports exit code 1.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const files = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.js'))
    // MODELBAY_INTEGRATION_FILES=batchJobs,requests runs only the files whose names hold one of those words.
    .filter((name) => !process.env.MODELBAY_INTEGRATION_FILES || process.env.MODELBAY_INTEGRATION_FILES.split(',').some((word) => name.includes(word.trim())))
    .sort();
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files next to ${__filename}`));
  }
  for (const file of files) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
