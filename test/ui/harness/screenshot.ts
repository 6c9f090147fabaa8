import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Page } from 'playwright-core';

/** Saves a PNG of what the page shows now to `path` (folders created); returns the absolute path. */
export async function takeScreenshot(page: Page, path: string, options: { fullPage?: boolean } = {}): Promise<string> {
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  // Web fonts (codicons, file icons) load lazily; a picture taken before they arrive shows empty boxes.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page.screenshot({ path: absolute, fullPage: options.fullPage ?? false, animations: 'disabled' });
  return absolute;
}
