import * as assert from 'node:assert/strict';
import { buildImage, deployImage, sampleFile } from '../server/helpers/deploy';
import { startVsCodeForUi, type UiSession } from './harness';
import { localServiceAccess } from './harness';
import { VSIX, Workbench } from './workbench';

// The response beside a request document, as a person meets it (issue 9, item 11 and cosmetic): each request
// document has its own response, opening another one never leaves the last one's answer beside it, a send that
// fails before it goes out replaces the old answer, and long lines wrap.

const request = (body: unknown, service = 'iris') => `${JSON.stringify({ target: { account: 'local', service, endpoint: 'default', format: 'score' }, body }, null, 2)}\n`;
const FLOWER = { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2] }] };
/** A service name no service has: the reason the send stops is a line longer than the response editor is wide. */
const RETIRED = 'iris-classifier-retired-in-the-spring-and-replaced-by-the-new-one';

describe('UI: each request document has its own response beside it', () => {
  let ui: UiSession;
  let bench: Workbench;
  const shot = (name: string) => bench.shot(`responses-${name}`);

  /** The editor group showing a response tab as its active editor, once its text matches. */
  const responseGroup = (text: RegExp) => bench.page.locator('.editor-group-container', { has: bench.page.locator('.tab.active', { hasText: /\.response\.jsonc/ }) }).filter({ hasText: text });

  async function openFile(name: string): Promise<void> {
    await bench.page.locator('.part.statusbar').first().hover(); // no tree tooltip left over the editor
    await bench.page.keyboard.press('Control+P');
    const input = bench.page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(name);
    await bench.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 30_000 });
    await input.press('Enter');
    await bench.page.locator('.tab.active', { hasText: name }).first().waitFor({ timeout: 30_000 });
  }

  /** Replaces the whole request document as a person pasting a new version over it (Ctrl+A, Ctrl+V). */
  async function pasteOver(text: string): Promise<void> {
    const editor = bench.page.locator('.editor-group-container', { hasText: '"target"' }).first();
    await editor.locator('.view-lines').first().click();
    await bench.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await bench.page.keyboard.press('Control+A');
    await bench.page.keyboard.press('Control+V');
    await editor.locator('.view-lines', { hasText: /retired/ }).first().waitFor({ timeout: 15_000 });
  }

  before(async () => {
    ui = await startVsCodeForUi({
      vsixPath: VSIX,
      workspaceFiles: { '.modelbay/requests/first.score.json': request(FLOWER), '.modelbay/requests/second.score.json': request(FLOWER) },
      settings: { 'workbench.colorTheme': 'Default Dark Modern' },
    });
    await ui.session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    bench = new Workbench(ui.page);
    await bench.openModelbayView();
    await bench.expand('Local', 'Services'); // starts the Local service
    const account = (await localServiceAccess(ui)).account;
    const image = await buildImage(account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: await sampleFile('onnx-classifier/iris-classifier.onnx') } });
    await deployImage(account, image, 'iris');
  });
  afterEach(async function () {
    // What the workbench showed when a step failed, to look at.
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  after(async () => {
    await ui?.close();
  });

  it("opening another request document shows its own response (none yet), not the last one's", async () => {
    await openFile('first.score.json');
    await bench.sendRequestWithCodeLens();
    await responseGroup(/HTTP\s200/).first().waitFor({ timeout: 60_000 });
    await openFile('second.score.json');
    await responseGroup(/No\sresponse\syet\sfor\ssecond\.score\.json/).first().waitFor({ timeout: 30_000 });
    // The first one's answer gave its place: one response tab beside the requests, not two stacked.
    await bench.page.locator('.tab', { hasText: 'first.response.jsonc' }).waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await bench.page.locator('.tab', { hasText: /\.response\.jsonc/ }).count(), 1);
    await bench.sendRequestWithCodeLens();
    await responseGroup(/HTTP\s200/).first().waitFor({ timeout: 60_000 });
    assert.equal(await bench.page.locator('.tab.active', { hasText: 'second.response.jsonc' }).count(), 1);
    await shot('01-second-document-own-response');
  });

  it('a send that stops before it goes out replaces the old answer with why, wrapped', async () => {
    await pasteOver(request(FLOWER, RETIRED));
    await bench.sendRequestWithKeybinding();
    const group = responseGroup(/Not\ssent/).first();
    await group.waitFor({ timeout: 30_000 });
    const text = ((await group.locator('.view-lines').first().textContent()) ?? '').replace(/\u00a0/g, ' ');
    assert.doesNotMatch(text, /HTTP\s200/, 'the previous answer is gone');
    assert.match(text, new RegExp(`There is no service named "${RETIRED}"`), 'the reason, whole');
    // The reason is one long line; it wraps: no rendered line reaches past the editor's right edge.
    const overflow = await group.locator('.monaco-editor').first().evaluate((editor) => {
      const right = editor.getBoundingClientRect().right;
      return Array.from(editor.querySelectorAll<HTMLElement>('.view-line > span')).map((span) => span.getBoundingClientRect().right - right).filter((beyond) => beyond > 1);
    });
    assert.deepEqual(overflow, [], 'every line fits the editor');
    await shot('02-not-sent-wrapped-dark');
    await bench.chooseColorTheme('Default Light Modern', 'vs');
    await shot('03-not-sent-wrapped-light');
  });
});
