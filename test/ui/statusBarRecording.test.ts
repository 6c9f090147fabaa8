// The status-bar recorder the UI tests assert on, proved on a bare page: it must keep what showed for less time
// than any poll could see (shown and hidden within one task), so the deploy test cannot depend on being fast.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../integration/harness';
import { recordStatusBar } from './harness';

const STATUS_BAR = '<div class="part statusbar"><div class="statusbar-item"><a>Ln 1, Col 1</a></div></div>';

describe('recording the status bar', function () {
  this.timeout(60_000);
  let folder: string;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'modelbay-statusbar-'));
    context = await launchBrowser({ profileDir: join(folder, 'profile'), xdgConfigHome: join(folder, 'config'), xdgCacheHome: join(folder, 'cache') });
    page = context.pages()[0] ?? (await context.newPage());
  });
  beforeEach(async () => {
    await page.setContent(STATUS_BAR);
  });
  after(async () => {
    await context?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps an item that was shown and hidden within one task, which no poll can catch', async () => {
    const recording = await recordStatusBar(page);
    await page.evaluate(`(() => {
      const item = document.createElement('div');
      item.className = 'statusbar-item';
      item.innerHTML = '<a><span class="codicon codicon-sync"></span> Modelbay 1 · Deploying iris</a>';
      document.querySelector('.part.statusbar').append(item);
      item.remove();
    })()`);
    assert.equal(await page.locator('.statusbar-item', { hasText: 'Modelbay' }).count(), 0, 'gone before anyone could look');
    assert.equal(await recording.seen(/Modelbay \d+ · Deploying iris/, 1_000), 'Modelbay 1 · Deploying iris');
  });

  it('keeps every text an item showed, in order, as it changes in place and goes', async () => {
    const recording = await recordStatusBar(page);
    await page.evaluate(`new Promise((done) => {
      const bar = document.querySelector('.part.statusbar');
      const item = document.createElement('div');
      item.className = 'statusbar-item';
      item.innerHTML = '<a>Modelbay 1 · Building image iris</a>';
      bar.append(item);
      setTimeout(() => {
        item.firstChild.textContent = 'Modelbay 2 · Deploying iris';
        setTimeout(() => { item.remove(); done(); }, 1);
      }, 1);
    })`);
    assert.deepEqual(await recording.texts(), ['Ln 1, Col 1', 'Modelbay 1 · Building image iris', 'Modelbay 2 · Deploying iris']);
    await recording.stop();
  });

  it('says what it did see when the wanted text never showed', async () => {
    const recording = await recordStatusBar(page);
    await assert.rejects(recording.seen(/Deploying nothing/, 300), /never showed \/Deploying nothing\/; it showed: \["Ln 1, Col 1"\]/);
  });
});
