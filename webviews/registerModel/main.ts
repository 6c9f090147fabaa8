import '../shared/elements';
import { checkResourceName } from '../../src/api/rules';
import type { PickedSource, RegisterEvent, RegisterInit, RegisterMethods } from '../protocol/registerModelProtocol';
import { field, FormProblems, h, options, setValue, valueOf } from '../shared/dom';
import { onEvent, problemText } from '../shared/actions';
import { Rpc } from '../shared/rpcClient';

const app = document.getElementById('app')!;

const rpc = new Rpc<RegisterMethods, RegisterInit, RegisterEvent>(render, (event) => {
  if (event.kind === 'progress') status.textContent = event.message;
});
const status = h('p', { class: 'status', role: 'status' });

function render(init: RegisterInit): void {
  const problems = new FormProblems(app);
  let source: PickedSource | undefined;
  const account = h('vscode-single-select', { id: 'account' });
  const accountReady = options(account, init.accounts.map((a) => ({ value: a.id, label: a.label })), init.accountId);
  const sourceText = h('vscode-textfield', { id: 'source', readonly: true, placeholder: 'Choose a model file or folder' });
  const sourceField = field('Model file or folder', h('div', { class: 'inline' }, sourceText, h('vscode-button', { id: 'pick-file', secondary: true }, 'File...'), h('vscode-button', { id: 'pick-folder', secondary: true }, 'Folder...')), 'A folder is uploaded as a .tar.gz and unpacked into the image.');
  const name = field('Name', h('vscode-textfield', { id: 'name', placeholder: 'iris' }), 'A new version is added when the name exists.');
  const description = field('Description', h('vscode-textarea', { id: 'description', rows: 2 }));
  const tags = field('Tags', h('vscode-textfield', { id: 'tags', placeholder: 'prod, vision' }), 'Comma-separated.');
  const mime = field('MIME type', h('vscode-textfield', { id: 'mime', value: 'application/octet-stream' }));
  const submit = h('vscode-button', { id: 'register' }, 'Register');
  const result = h('div', { class: 'result', id: 'result' });

  const applySource = (picked: PickedSource | null) => {
    if (!picked) return;
    source = picked;
    setValue(sourceText, picked.label);
    if (!valueOf(name.control)) setValue(name.control, picked.suggestedName);
    setValue(mime.control, picked.mimeType);
    validate();
  };
  const validate = (): boolean => {
    const okSource = problems.show({ helper: sourceField.helper, control: sourceText }, source ? undefined : 'Choose what to register.', 'A folder is uploaded as a .tar.gz and unpacked into the image.');
    const okName = problems.show(name, checkResourceName(valueOf(name.control)), 'A new version is added when the name exists.');
    const okMime = problems.show(mime, /^[\w.+-]+\/[\w.+-]+$/.test(valueOf(mime.control)) ? undefined : 'A MIME type looks like type/subtype.');
    return okSource && okName && okMime;
  };
  for (const control of [name.control, mime.control]) control.addEventListener('input', validate);
  const showProblem = (message: string) => {
    status.textContent = '';
    result.replaceChildren(h('p', { class: 'problem' }, message));
  };
  onEvent(sourceField.row.querySelector('#pick-file')!, 'click', async () => applySource(await rpc.call('pickSource', { folder: false })), showProblem);
  onEvent(sourceField.row.querySelector('#pick-folder')!, 'click', async () => applySource(await rpc.call('pickSource', { folder: true })), showProblem);
  onEvent(submit, 'click', async () => {
    problems.markSubmitted();
    if (!validate() || !source) return;
    (submit as unknown as { disabled: boolean }).disabled = true;
    result.replaceChildren();
    status.textContent = 'Uploading...';
    try {
      const accountId = valueOf(account);
      const model = await rpc.call('register', {
        accountId,
        path: source.path,
        name: valueOf(name.control),
        description: valueOf(description.control) || undefined,
        tags: valueOf(tags.control).split(',').map((t) => t.trim()).filter(Boolean),
        mimeType: valueOf(mime.control),
      });
      status.textContent = '';
      const deploy = h('vscode-button', { id: 'deploy-it', secondary: true }, 'Deploy it...');
      onEvent(deploy, 'click', () => rpc.call('deployIt', { accountId, modelId: model.id }), showProblem);
      result.replaceChildren(h('p', { class: 'success' }, `Registered ${model.name} version ${model.version}.`), deploy);
    } catch (error) {
      showProblem(problemText(error));
    } finally {
      (submit as unknown as { disabled: boolean }).disabled = false;
    }
  }, showProblem);

  app.replaceChildren(
    h('h1', {}, 'Register a model'),
    h('vscode-form-container', {}, field('Account', account).row, sourceField.row, name.row, description.row, tags.row, mime.row),
    h('div', { class: 'actions' }, submit, status),
    result,
  );
  app.removeAttribute('aria-busy');
  if (init.source) applySource(init.source);
  validate();
  accountReady.catch((error: unknown) => showProblem(problemText(error)));
}
