import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { takeScreenshot } from './harness';
import { WEBVIEW_ON_TOP } from './harness/webviewOnTop';

/** The webview iframe a click reaches (see harness/webviewOnTop.ts). */
const WEBVIEW_IN_FRONT = `${WEBVIEW_ON_TOP}=iframe.webview.ready`;

export const REPO = join(__dirname, '..', '..');
/** The .vsix the UI tests install: `npm run package` writes it here; MODELBAY_UI_VSIX names another (a build of one's own). */
export const VSIX = process.env.MODELBAY_UI_VSIX ?? join(REPO, 'modelbay.vsix');
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
    // The activity-bar icon toggles: click it only when the view is not already showing.
    const title = (await this.page.locator('.part.sidebar .composite.title .title-label').first().textContent().catch(() => '')) ?? '';
    if (/modelbay/i.test(title) && (await this.page.locator('.part.sidebar').first().isVisible())) return;
    await this.page.locator('.activitybar [aria-label^="Modelbay"]').first().click();
    await this.row('Local', '.pane-body').waitFor({ state: 'visible', timeout: 30_000 });
  }

  async openExplorer(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+E');
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 30_000 });
  }

  /**
   * Expands a tree row (click on its twistie) and waits for a child row. A tree refreshing under the click (after an
   * operation ends) can move the rows, so the row is clicked again while it is still collapsed.
   */
  async expand(text: string, child: string, within = '.pane-body'): Promise<void> {
    const row = this.row(text, within);
    const until = Date.now() + 60_000;
    for (;;) {
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      try {
        await this.row(child, within).waitFor({ state: 'visible', timeout: 5_000 });
        return;
      } catch (error) {
        if (Date.now() > until) throw error;
      }
    }
  }

  /**
   * Closes any context menu still open. An Escape pressed before a just-opened menu has the keyboard focus goes to the
   * view behind it and leaves the menu (and the block that catches every click) in place; the menu is focused first.
   */
  async closeMenus(): Promise<void> {
    const menu = this.page.locator('.context-view .monaco-menu');
    const block = this.page.locator('.context-view-block');
    for (let attempt = 1; attempt <= 4; attempt++) {
      if ((await menu.count()) === 0 && (await block.count()) === 0) return;
      await menu.first().focus().catch(() => undefined);
      await this.page.keyboard.press('Escape');
      const closed = await block.first().waitFor({ state: 'detached', timeout: 2_000 }).then(() => true, () => false);
      if (closed && (await menu.count()) === 0) return;
    }
    throw new Error('a context menu stayed open after four Escapes');
  }

  /** Right-clicks a row once no other menu is open (a menu left open would take the click). */
  private async openContextMenu(row: Locator): Promise<void> {
    await this.closeMenus();
    await row.click({ button: 'right' });
  }

  async contextMenu(row: Locator, item: string): Promise<void> {
    await this.openContextMenu(row);
    const entry = this.page.getByRole('menuitem', { name: item, exact: true }).first();
    await entry.waitFor({ state: 'visible', timeout: 15_000 });
    await entry.hover();
    await this.clickMenuEntry(entry);
  }

  /**
   * Clicks a context-menu entry. Chromium 156 with code-server now and then drops the click on an entry of a menu
   * that has just opened: the entry stays highlighted in the open menu and nothing runs. The menu closes as it runs an
   * entry, so an entry still in sight 3 s after the click says for certain the click was not taken; it is given again.
   */
  private async clickMenuEntry(entry: Locator): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await entry.click({ timeout: attempt === 1 ? 30_000 : 5_000 });
      try {
        await entry.waitFor({ state: 'hidden', timeout: 3_000 });
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        console.log(`      (the menu entry's click was dropped; clicking it again, attempt ${attempt + 1})`);
      }
    }
  }

  /** Right-click, then through submenus: `['Modelbay', 'Deploy Model...']` hovers Modelbay and clicks Deploy Model.... */
  async contextMenuPath(row: Locator, path: string[]): Promise<void> {
    await this.openContextMenu(row);
    for (const [index, item] of path.entries()) {
      const entry = this.page.getByRole('menuitem', { name: item, exact: true }).first();
      await entry.waitFor({ state: 'visible', timeout: 15_000 });
      await entry.hover();
      if (index === path.length - 1) await this.clickMenuEntry(entry);
    }
  }

  /** The entries of a row's context menu (submenus by their label), the menu closed again. */
  async menuItems(row: Locator): Promise<string[]> {
    await this.openContextMenu(row);
    const labels = this.page.locator('.context-view .monaco-menu .action-item:not(.disabled) .action-label');
    await labels.first().waitFor({ state: 'visible', timeout: 15_000 });
    const texts = (await labels.allTextContents()).map((t) => t.trim()).filter(Boolean);
    await this.closeMenus();
    return texts;
  }

  /** The rows a quick pick shows now (label and description), once it shows `expected` (or any row). */
  async quickPickRows(expected?: string | RegExp): Promise<string[]> {
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await (expected ? rows.filter({ hasText: expected }) : rows).first().waitFor({ state: 'visible', timeout: 15_000 });
    return (await rows.allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** The prompt of the input box showing now, when it matches (VS Code reuses one widget for consecutive boxes). */
  private inputPrompt(prompt: string | RegExp): Locator {
    return this.page.locator('.quick-input-widget .quick-input-message', { hasText: prompt }).first();
  }

  /** What the input box asking `prompt` holds (it starts as what the command filled in). */
  async quickInputValue(prompt: string | RegExp): Promise<string> {
    await this.inputPrompt(prompt).waitFor({ state: 'visible', timeout: 15_000 });
    return this.page.locator('.quick-input-widget input').first().inputValue();
  }

  /** Types `text` (or keeps what is filled in) into the input box asking `prompt`, presses Enter, and waits until it moved on. */
  async answerPrompt(prompt: string | RegExp, text?: string): Promise<void> {
    const asking = this.inputPrompt(prompt);
    await asking.waitFor({ state: 'visible', timeout: 15_000 });
    const input = this.page.locator('.quick-input-widget input').first();
    if (text !== undefined) await input.fill(text);
    await input.press('Enter');
    await asking.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Picks the row showing `item` in the quick pick showing it, and waits until that pick is gone. */
  async choose(item: string | RegExp): Promise<void> {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: item }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    await row.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** Clicks a button of the modal dialog (a confirmation). */
  async dialogButton(name: string): Promise<void> {
    const button = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: name }).first();
    await button.waitFor({ state: 'visible', timeout: 15_000 });
    await button.click();
  }

  async answerInput(text: string | undefined): Promise<void> {
    const input = this.page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    if (text !== undefined) await input.fill(text);
    await input.press('Enter');
  }

  /** Runs a command from the Command Palette: types its title, then clicks its row once the palette lists it. */
  async runCommand(title: string): Promise<void> {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first();
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Control+Shift+P');
      const input = this.page.locator('.quick-input-widget input').first();
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(`>${title}`);
      await row.waitFor({ state: 'visible', timeout: 15_000 });
      try {
        // The palette can close before the click lands (it hides when the workbench moves focus); then the click
        // never happened, nothing ran, and the palette is opened again.
        await row.click({ timeout: 5_000 });
        break;
      } catch (error) {
        if (attempt === 2) throw error;
        console.log(`      (the palette closed before its row was clicked; opening it again)`);
      }
    }
    await row.waitFor({ state: 'hidden', timeout: 15_000 });
  }

  /** The content of the webview panel in front (two nested iframes in the workbench). */
  webview(): FrameLocator {
    return this.page.frameLocator(WEBVIEW_IN_FRONT).frameLocator('iframe#active-frame');
  }

  /**
   * The page inside the visible webview, for what a FrameLocator cannot do (evaluate a script, record changes).
   * Waits until the webview shows `selector`.
   */
  async webviewFrame(selector = '#app'): Promise<Frame> {
    await this.webview().locator(selector).first().waitFor({ state: 'attached', timeout: 30_000 });
    const outer = await (await this.page.locator(WEBVIEW_IN_FRONT).elementHandle())?.contentFrame();
    const inner = await (await outer?.locator('iframe#active-frame').elementHandle())?.contentFrame();
    if (!inner) throw new Error('no webview is showing');
    return inner;
  }

  /** Types into a vscode-elements text field (its input lives in a shadow root, which locators pierce). */
  async fill(frame: FrameLocator, id: string, text: string): Promise<void> {
    const input = frame.locator(`#${id} input`).first();
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill(text);
  }

  /** Clicks the "Send request" CodeLens above the request document. */
  async sendRequestWithCodeLens(): Promise<void> {
    const lens = this.page.locator('.codelens-decoration a', { hasText: 'Send request' }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    await lens.click();
  }

  /** Sends the request in the editor with its keybinding (Ctrl+Alt+R), focus in the request document. */
  async sendRequestWithKeybinding(): Promise<void> {
    await this.page.locator('.editor-group-container', { hasText: '"target"' }).first().locator('.view-lines').first().click();
    await this.page.keyboard.press('Control+Alt+R');
  }

  /** The text of the response document opened beside the request, once it matches. */
  async responseText(expect: RegExp = /HTTP\s\d{3}/): Promise<string> {
    // The editor renders spaces as U+00A0, so the text is normalised before it is matched.
    const editor = this.page.locator('.editor-group-container', { hasText: expect }).last();
    await editor.waitFor({ state: 'visible', timeout: 60_000 });
    // Monaco reuses its line elements, so their DOM order is not the order on screen: read them top to bottom.
    const lines = await editor.locator('.view-lines').first().evaluate((view) =>
      Array.from(view.querySelectorAll<HTMLElement>('.view-line'))
        .map((line) => ({ top: line.getBoundingClientRect().top, text: line.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text),
    );
    return lines.join('\n').replace(/\u00a0/g, ' ');
  }

  /** Edits the active editor with Find/Replace (replace all), as a person fixing or breaking a value would. */
  async replaceInEditor(find: string, replace: string): Promise<void> {
    await this.page.locator('.editor-group-container .monaco-editor .view-lines', { hasText: find }).first().click();
    await this.page.keyboard.press('Control+H');
    const findInput = this.page.locator('.find-widget.visible .find-part textarea, .find-widget.visible .find-part input').first();
    await findInput.fill(find);
    const replaceInput = this.page.locator('.find-widget.visible .replace-part textarea, .find-widget.visible .replace-part input').first();
    await replaceInput.fill(replace);
    await this.page.keyboard.press('Control+Alt+Enter');
    await this.page.keyboard.press('Escape');
  }

  /** Switches the color theme as a person does (Ctrl+K Ctrl+T, type its name, Enter); waits until the workbench wears it. */
  async chooseColorTheme(name: string, kind: 'vs' | 'vs-dark' | 'hc-black' | 'hc-light'): Promise<void> {
    await this.page.locator('.part.sidebar .composite.title').first().click(); // the keys go to the workbench, not a webview
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+T');
    const input = this.page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(name);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 15_000 });
    await input.press('Enter');
    await this.page.locator(`.monaco-workbench.${kind}`).first().waitFor({ timeout: 15_000 });
  }

  statusItem(text: string | RegExp): Locator {
    return this.page.locator('.statusbar-item', { hasText: text }).first();
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast', { hasText: text }).first();
  }

  async shot(name: string): Promise<string> {
    return takeScreenshot(this.page, join(SHOTS, `${name}.png`));
  }
}
