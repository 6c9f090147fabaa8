import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import type { HistoryEntry } from '../../src/extension/requests/history';
import type { SendResult } from '../../src/extension/requests/sendRequest';
import { modelbayApi as api, SAMPLE_ONNX, sleep } from './helpers/modelbay';


/** Replaces the document's body (an unsaved edit: sends read the editor's text, not the file). */
async function setBody(document: vscode.TextDocument, body: unknown, format: 'score' | 'rrs' = 'score'): Promise<void> {
  const current = JSON.parse(document.getText()) as { target: Record<string, unknown> };
  const text = JSON.stringify({ target: { ...current.target, format }, body }, null, 2);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

const send = (uri: vscode.Uri) => vscode.commands.executeCommand<SendResult | undefined>('modelbay.sendRequest', uri);

/** The body of a request document (its JSON's `body`). */
const bodyOf = (text: string) => (JSON.parse(text) as { body: unknown }).body;

const responseText = (result: SendResult) => {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.response.toString());
  assert.ok(document, 'the response document is open');
  return document.getText();
};

type Picked = { entry: HistoryEntry; editor: vscode.TextEditor } | undefined;

/** Runs the history command and answers its quick pick like a user pressing Enter (on the newest entry). */
async function pickNewestFromHistory(uri: vscode.Uri): Promise<NonNullable<Picked>> {
  let settled = false;
  const running = Promise.resolve(vscode.commands.executeCommand<Picked>('modelbay.showRequestHistory', uri)).finally(() => (settled = true));
  // Enter before the quick pick shows does nothing, so press it until the command ends.
  for (let tries = 0; !settled && tries < 100; tries++) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await sleep(100);
  }
  const result = await running;
  assert.ok(result, 'an entry was picked');
  return result;
}

describe('in-editor request testing (real extension host, real Local service)', function () {
  this.timeout(180_000);
  let modelbay: ModelbayExtensionApi;
  let service: { id: string; name: string; scoringUri: string };
  let request: vscode.TextEditor;

  before(async () => {
    modelbay = await api();
    service = await vscode.commands.executeCommand<typeof service>('modelbay.deploy', vscode.Uri.file(SAMPLE_ONNX), { serviceName: 'reqs', wait: true });
    assert.ok(service?.scoringUri, 'the sample is deployed');
  });

  it('Test Service opens a request document in .modelbay/requests with the sample request as its body', async () => {
    const local = modelbay.connections.handle('local');
    // The notification's "Test Service" action passes a service node-like argument; the tree passes the node.
    request = await vscode.commands.executeCommand<vscode.TextEditor>('modelbay.testService', { kind: 'service', account: local, resource: service });
    assert.ok(request, 'an editor came back');
    assert.match(request.document.uri.path, /\/\.modelbay\/requests\/reqs-default\.score\.json$/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), request.document.uri.toString());
    const { account } = await modelbay.connections.connect('local');
    const schema = await account.services.endpointSchema(service.id, 'default');
    const document = JSON.parse(request.document.getText()) as { target: unknown; body: unknown };
    assert.deepEqual(document.target, { account: 'local', serviceId: service.id, service: 'reqs', endpoint: 'default', format: 'score' });
    assert.deepEqual(document.body, schema.sampleRequest);
    assert.ok((schema.sampleRequest as { inputs?: unknown[] }).inputs?.length, 'the ONNX sample is a V2 tensor request');

    // A second Test Service reuses the file (it may hold the user's own bodies) rather than overwriting it.
    await setBody(request.document, { data: [[5.1, 3.5, 1.4, 0.2]] });
    await request.document.save();
    const again = await vscode.commands.executeCommand<vscode.TextEditor>('modelbay.testService', { kind: 'service', account: local, resource: service });
    assert.equal(again.document.uri.toString(), request.document.uri.toString());
    assert.deepEqual(bodyOf(again.document.getText()), { data: [[5.1, 3.5, 1.4, 0.2]] });
  });

  it('Send Request shows the answer beside the request: status line, time, headers, the prediction', async () => {
    const result = await send(request.document.uri);
    assert.ok(result, 'the send succeeded');
    assert.equal(result.status, 200);
    assert.equal(result.response.scheme, 'modelbay-response');
    const text = responseText(result);
    assert.match(text.split('\n')[0]!, /^\/\/ HTTP 200 OK · \d+ ms$/);
    assert.match(text, /^\/\/ content-type: application\/json/m);
    assert.deepEqual((JSON.parse(text.replace(/^\/\/.*$/gm, '')) as { label: unknown }).label, [0]);
    const response = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === result.response.toString());
    assert.ok(response, 'the response is visible');
    assert.notEqual(response.viewColumn, request.viewColumn, 'beside the request');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), request.document.uri.toString(), 'the request keeps the focus');
  });

  it('still succeeds after the primary key is regenerated (reads the key again on 401), updating the same response', async () => {
    const { account } = await modelbay.connections.connect('local');
    const keys = await account.services.regenerateEndpointKey(service.id, 'default', 'Primary');
    const result = await send(request.document.uri);
    assert.ok(result);
    assert.equal(result.status, 200);
    const text = responseText(result);
    assert.match(text, /read from the service again/);
    assert.ok(!text.includes(keys.primaryKey) && !text.includes(keys.secondaryKey), 'no key in the response document');
    const responses = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'modelbay-response');
    assert.equal(responses.length, 1, 'one response editor, updated in place');
    const third = await send(request.document.uri);
    assert.doesNotMatch(responseText(third!), /read from the service again/, 'the new key was stored');
  });

  it('sends an rrs table to the RRS address', async () => {
    await setBody(request.document, { Inputs: { input1: { ColumnNames: ['a', 'b', 'c', 'd'], Values: [[5.1, 3.5, 1.4, 0.2]] } }, GlobalParameters: {} }, 'rrs');
    const result = await send(request.document.uri);
    assert.equal(result?.status, 200);
    const text = responseText(result);
    assert.match(text, /^\/\/ POST http:\/\/127\.0\.0\.1:\d+\/workspaces\/.+\/execute\?api-version=2\.0&details=true$/m);
    assert.match(text, /"Results"/);
  });

  it("shows the service's 400 for a wrong body, as the service gave it", async () => {
    await setBody(request.document, { data: [[1, 2, 3, 4], [1, 2]] });
    const result = await send(request.document.uri);
    assert.equal(result?.status, 400);
    const text = responseText(result);
    assert.match(text.split('\n')[0]!, /^\/\/ HTTP 400 Bad Request · \d+ ms$/);
    // The data plane's classic error shape, as the service sent it; its code and message also read first, as a comment.
    const { error } = JSON.parse(text.replace(/^\/\/.*$/gm, '')) as { error: { code: string; message: string } };
    assert.equal(error.code, 'InputParseError');
    assert.match(error.message, /ragged/);
    assert.ok(text.split('\n').some((line) => line.startsWith('// InputParseError: ') && /ragged/.test(line)), 'the code and message as the first thing read');
    // Long error lines wrap in the response document (its own language, wordWrap on), JSON highlighting kept.
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.response.toString())!;
    assert.equal(document.languageId, 'modelbay-response');
    assert.equal(vscode.workspace.getConfiguration('editor', document).get('wordWrap'), 'on');
  });

  it('a send that cannot go out (broken document, endpoint gone) replaces the last response with why, sending nothing', async () => {
    const valid = request.document.getText();
    const replaceText = async (text: string) => {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(request.document.uri, new vscode.Range(0, 0, request.document.lineCount, 0), text);
      assert.ok(await vscode.workspace.applyEdit(edit));
    };
    try {
      await replaceText(valid.replace('"body"', '"body": ,"x"'));
      const broken = await send(request.document.uri);
      assert.ok(broken, 'the command answered');
      assert.equal(broken.status, undefined);
      assert.match(broken.notSent ?? '', /not valid JSON at line \d+, column \d+/);
      const text = responseText(broken);
      assert.match(text, /^\/\/ Not sent\n\/\/ reqs-default\.score\.json: The request document is not valid JSON/);
      assert.doesNotMatch(text, /HTTP 400/, 'the previous answer (400) is gone');

      await replaceText(valid.replace('"endpoint": "default"', '"endpoint": "gone"'));
      const gone = await send(request.document.uri);
      assert.match(gone?.notSent ?? '', /has no endpoint "gone"/);
      assert.match(responseText(gone!), /^\/\/ Not sent\n\/\/ Service "reqs" has no endpoint "gone"\./);
    } finally {
      await replaceText(valid);
    }
    // An untitled JSON document passed by the CodeLens gets its own "not sent" response too.
    const untitled = await vscode.workspace.openTextDocument({ language: 'json', content: '{"target": {"account": "local"}, "body": }' });
    const result = await send(untitled.uri);
    assert.match(result?.notSent ?? '', /not valid JSON/);
    assert.equal(result?.response.query, untitled.uri.toString());
  });

  it('keeps the history per endpoint, newest first; picking one opens its body in a new request document', async () => {
    const newest = await pickNewestFromHistory(request.document.uri);
    assert.equal(newest.entry.status, 400);
    assert.deepEqual(newest.entry.body, { data: [[1, 2, 3, 4], [1, 2]] });
    assert.equal(newest.editor.document.uri.scheme, 'untitled');
    assert.match(newest.editor.document.uri.path, /^reqs-default-\d{8}-\d{6}(-\d+)?\.score\.json$/);
    assert.deepEqual(bodyOf(newest.editor.document.getText()), { data: [[1, 2, 3, 4], [1, 2]] });
    // Newest first: 400 (ragged) > 200 (rrs) > 200 (third send) > 200 (after the regenerated key) > 200 (first).
    const pick = (index: number) => vscode.commands.executeCommand<Picked>('modelbay.showRequestHistory', request.document.uri, index);
    assert.ok(await pick(4), 'five sends are remembered');
    assert.equal(await pick(5), undefined);
    const older = (await pick(3))!;
    assert.notEqual(older.editor.document.uri.toString(), newest.editor.document.uri.toString(), 'a document of its own, even for sends in the same second');
    assert.equal(older.entry.status, 200);
    assert.deepEqual(older.entry.body, { data: [[5.1, 3.5, 1.4, 0.2]] });
    assert.match(older.entry.responseExcerpt, /"label":\[0\]/);
    const { account } = await modelbay.connections.connect('local');
    const keys = await account.services.endpointKeys(service.id, 'default');
    const remembered = JSON.stringify([newest.entry, older.entry]);
    assert.ok(!remembered.includes(keys.primaryKey) && !remembered.includes(keys.secondaryKey), 'no key in the history');
    // The untitled document sends like any other.
    const resent = await send(older.editor.document.uri);
    assert.equal(resent?.status, 200);
  });

  it('shows Send request, Copy as curl, Code snippets and History as CodeLenses on the first line', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', request.document.uri);
    const ours = lenses.filter((l) => l.command?.command.startsWith('modelbay.'));
    assert.deepEqual(ours.map((l) => l.command!.title), ['$(play) Send request', 'Copy as curl', 'Code snippets', 'History']);
    assert.deepEqual(ours.map((l) => l.command!.command), ['modelbay.sendRequest', 'modelbay.copyAsCurl', 'modelbay.showSnippets', 'modelbay.showRequestHistory']);
    assert.ok(ours.every((l) => l.range.start.line === 0 && String(l.command!.arguments?.[0]) === request.document.uri.toString()));
    const plain = await vscode.workspace.openTextDocument({ language: 'json', content: '{"name": "not a request"}' });
    const none = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', plain.uri);
    assert.equal(none.filter((l) => l.command?.command.startsWith('modelbay.')).length, 0, 'no lenses on other JSON');
  });

  it('validates request documents against media/schemas/score-request.schema.json in the editor', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, '.modelbay', 'requests', 'invalid.score.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{"target": {"account": "local", "endpoint": "Not-Valid"}, "body": {}}'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    let messages: string[] = [];
    for (let tries = 0; tries < 100 && messages.length === 0; tries++) {
      await sleep(100);
      messages = vscode.languages.getDiagnostics(uri).map((d) => d.message);
    }
    assert.ok(messages.some((m) => /serviceId|service/.test(m)), `a missing serviceId/service is flagged: ${messages.join(' | ')}`);
    assert.ok(messages.some((m) => /pattern|\^\[a-z0-9\]\+\$/.test(m)), `the endpoint name pattern is checked: ${messages.join(' | ')}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.window.showTextDocument(request.document);
  });

  it('Copy as curl puts a curl line on the clipboard with $MODELBAY_KEY, never the key', async () => {
    await setBody(request.document, { data: [[5.1, 3.5, 1.4, 0.2]] });
    const line = await vscode.commands.executeCommand<string>('modelbay.copyAsCurl', request.document.uri);
    assert.match(line, /^curl -sS '/);
    assert.ok(line.includes(`'${service.scoringUri}'`));
    assert.match(line, /"Authorization: Bearer \$MODELBAY_KEY"/);
    assert.match(line, /--data-binary '\{"data":\[\[5\.1,3\.5,1\.4,0\.2\]\]\}'$/);
    const { account } = await modelbay.connections.connect('local');
    const keys = await account.services.endpointKeys(service.id, 'default');
    assert.ok(!line.includes(keys.primaryKey));
    assert.equal(await vscode.env.clipboard.readText(), line);
  });

  it('Code snippets open in a new editor with the right language', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('modelbay.showSnippets', request.document.uri, 'python');
    assert.equal(editor.document.languageId, 'python');
    assert.equal(editor.document.isUntitled, true);
    assert.ok(editor.document.getText().includes(JSON.stringify(service.scoringUri)));
    assert.match(editor.document.getText(), /os\.environ\.get\("MODELBAY_KEY"\)/);
  });

  it('each request document has its own response beside it: another one opened shows its own, never the last one', async () => {
    const column = (await vscode.window.showTextDocument(request.document, { preview: false })).viewColumn;
    const first = await send(request.document.uri);
    assert.equal(first?.status, 200);
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const otherUri = vscode.Uri.joinPath(folder, '.modelbay', 'requests', 'second.score.json');
    const target = (JSON.parse(request.document.getText()) as { target: unknown }).target;
    await vscode.workspace.fs.writeFile(otherUri, Buffer.from(JSON.stringify({ target, body: { data: [[1, 2, 3, 4], [1, 2]] } }, null, 2)));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(otherUri), { viewColumn: column, preview: false });

    // Its response took the place of the first one's (not stacked behind it), saying it has none yet.
    const beside = await responseShownFor(otherUri);
    assert.match(beside.document.getText(), /^\/\/ No response yet for second\.score\.json/);
    const second = await send(otherUri);
    assert.equal(second?.status, 400);
    assert.equal(second?.response.query, otherUri.toString());
    assert.match(responseText(second), /InputParseError/);

    await vscode.window.showTextDocument(request.document, { viewColumn: column });
    const back = await responseShownFor(request.document.uri);
    assert.match(back.document.getText(), /^\/\/ HTTP 200 OK/, 'the first document shows its own last answer again');
  });
});

/** The response tabs of a group, by URI. */
function responseTabs(column: vscode.ViewColumn | undefined): string[] {
  const group = vscode.window.tabGroups.all.find((g) => g.viewColumn === column);
  return (group?.tabs ?? []).flatMap((tab) => (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === 'modelbay-response' ? [tab.input.uri.toString()] : []));
}

/**
 * Waits until the one visible response editor is the response of `requestUri` (it follows the active request) and
 * is the only response tab in its group.
 */
async function responseShownFor(requestUri: vscode.Uri): Promise<vscode.TextEditor> {
  let visible: vscode.TextEditor[] = [];
  let tabs: string[] = [];
  for (let tries = 0; tries < 100; tries++) {
    visible = vscode.window.visibleTextEditors.filter((e) => e.document.uri.scheme === 'modelbay-response');
    tabs = responseTabs(visible[0]?.viewColumn);
    if (visible.length === 1 && visible[0]!.document.uri.query === requestUri.toString() && tabs.length === 1) return visible[0]!;
    await sleep(100);
  }
  throw new Error(`the response beside is not ${requestUri.toString()}'s alone: visible ${visible.map((e) => e.document.uri.query).join(', ') || 'none'}; tabs ${tabs.join(', ')}`);
}
