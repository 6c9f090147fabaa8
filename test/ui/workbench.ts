import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { takeScreenshot } from './harness';

export const REPO = join(__dirname, '..', '..');
export const VSIX = join(REPO, 'modelbay.vsix');
export const SHOTS = join(REPO, '.test-output', 'ui');

/** A workspace a user would open: the samples folder, copied so the test can change it freely. */
export function sampleWorkspace(): string {
  const folder = mkdtempSync(join(tmpdir(), 'modelbay-ui-ws-'));
  cpSync(join(REPO, 'samples'), join(folder, 'samples'), { recursive: true });
  return folder;
}

/** What a person does in the workbench, step by step, in words a reader can follow. */
export class Workbench {
  constructor(readonly page: Page) {}

  row(text: string, within = '.monaco-workbench'): Locator {
    return this.page.locator(`${within} .monaco-list-row`, { hasText: text }).first();
  }

  async openModelbayView(): Promise<void> {
    await this.page.locator('.activitybar [aria-label^="Modelbay"]').first().click();
    await this.row('Local', '.pane-body').waitFor({ state: 'visible', timeout: 30_000 });
  }

  async openExplorer(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+E');
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
  }

  /** Expands a tree row (click on its twistie) and waits for a child row. */
  async expand(text: string, child: string, within = '.pane-body'): Promise<void> {
    const row = this.row(text, within);
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await this.row(child, within).waitFor({ state: 'visible', timeout: 60_000 });
  }

  async contextMenu(row: Locator, item: string): Promise<void> {
    await row.click({ button: 'right' });
    const entry = this.page.getByRole('menuitem', { name: item, exact: true }).first();
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    await entry.hover();
    await entry.click();
    await this.page.locator('.context-view-block').waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  }

  async answerInput(text: string | undefined): Promise<void> {
    const input = this.page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    if (text !== undefined) await input.fill(text);
    await input.press('Enter');
  }

  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    await this.answerInput(`>${title}`);
  }

  statusItem(text: string): Locator {
    return this.page.locator('.statusbar-item', { hasText: text }).first();
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast', { hasText: text }).first();
  }

  async shot(name: string): Promise<string> {
    return takeScreenshot(this.page, join(SHOTS, `${name}.png`));
  }
}
