import '../shared/elements';
import { checkConnectionString, checkRelativeLocation, parseGlobalParameters, splitBlobUrl } from '../../src/api/jobRequests';
import type { PickedFile } from '../protocol/deployProtocol';
import type { JobFormInput, SubmitJobEvent, SubmitJobInit, SubmitJobMethods } from '../protocol/submitJobProtocol';
import { onEvent, problemText } from '../shared/actions';
import { field, FormProblems, h, setValue, valueOf } from '../shared/dom';
import { radioGroup } from '../shared/radioGroup';
import { Rpc } from '../shared/rpcClient';

type Source = JobFormInput['kind'];

/** Where the connection string goes, said plainly: the service needs it for the whole job. */
const CONNECTION_HINT = 'Sent with the job: the service keeps it until the job is deleted. VS Code does not store it.';

const app = document.getElementById('app')!;
const status = h('p', { class: 'status', role: 'status', id: 'status' });
const jobLine = h('p', { id: 'job-state', role: 'status' });
let followedJob: string | undefined;

const rpc = new Rpc<SubmitJobMethods, SubmitJobInit, SubmitJobEvent>(render, (event) => {
  if (event.kind === 'progress') status.textContent = event.message;
  else if (event.jobId === followedJob) showJob(event.state, event.progress, event.details);
});

/** How the form says where the job is: "The job is running · 40/150 rows." */
const SAYINGS: Record<string, string> = { NotStarted: 'The job waits to start', Running: 'The job is running', Finished: 'The job has finished', Failed: 'The job failed', Cancelled: 'The job was cancelled' };

function showJob(state: string, progress: string, details?: string): void {
  jobLine.dataset.state = state;
  jobLine.className = state === 'Failed' ? 'problem' : state === 'Finished' ? 'success' : 'status';
  const ending = state === 'Finished' ? ': the output opens beside the input.' : state === 'Failed' && details ? `: ${details}` : '.';
  jobLine.textContent = `${SAYINGS[state] ?? `The job is ${state}`} · ${progress}${ending}`;
}

function render(init: SubmitJobInit): void {
  const problems = new FormProblems(app);
  let file: PickedFile | undefined;
  const source = radioGroup<Source>('source', [
    { value: 'file', label: 'A CSV or TSV file' },
    { value: 'connectionString', label: 'Azure Storage (connection string)' },
    { value: 'sasUrl', label: 'Azure Storage (blob URLs with SAS)' },
  ], 'file');

  const fileText = h('vscode-textfield', { id: 'file', readonly: true, placeholder: 'Choose a .csv or .tsv file' });
  const fileHint = 'A header row, then one row per record. It is uploaded to the service; the output opens beside it.';
  const fileField = field('Rows to score', h('div', { class: 'inline' }, fileText, h('vscode-button', { id: 'pick-file', secondary: true }, 'Choose...')), fileHint);

  const connection = field('Connection string', h('vscode-textfield', { id: 'connection-string', type: 'password', placeholder: 'DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...' }), CONNECTION_HINT);
  const csInput = field('Input blob', h('vscode-textfield', { id: 'cs-input', placeholder: 'container/input.csv' }));
  const csOutput = field('Output blob (optional)', h('vscode-textfield', { id: 'cs-output', placeholder: 'container/output.csv' }), 'Empty: the service chooses where, and the output is downloaded when the job finishes.');
  const sasInput = field('Input blob URL', h('vscode-textfield', { id: 'sas-input', placeholder: 'https://<account>.blob.core.windows.net/<container>/input.csv?sv=...' }));
  const sasOutput = field('Output blob URL (optional)', h('vscode-textfield', { id: 'sas-output', placeholder: 'https://<account>.blob.core.windows.net/<container>/output.csv?sv=...' }), 'With a SAS token that allows writing. Empty: the service chooses where.');
  const parameters = field('Global parameters', h('vscode-textarea', { id: 'global-parameters', rows: 3, placeholder: 'threshold=0.5' }), 'One name=value per line, or a JSON object. They reach the model with every batch of rows.');
  const submit = h('vscode-button', { id: 'submit' }, 'Submit and Start');

  const visible = () => {
    const kind = source.value();
    fileField.row.hidden = kind !== 'file';
    for (const f of [connection, csInput, csOutput]) f.row.hidden = kind !== 'connectionString';
    for (const f of [sasInput, sasOutput]) f.row.hidden = kind !== 'sasUrl';
  };
  const optional = (control: HTMLElement, check: (text: string) => string | undefined) => (valueOf(control) ? check(valueOf(control)) : undefined);
  const urlProblem = (text: string) => {
    const split = splitBlobUrl(text);
    return split.ok ? undefined : split.problem;
  };
  const validate = (): boolean => {
    const kind = source.value();
    const checks: boolean[] = [];
    if (kind === 'file') checks.push(problems.show({ helper: fileField.helper, control: fileText }, file ? undefined : 'Choose the rows to score.', fileHint));
    if (kind === 'connectionString') {
      checks.push(problems.show(connection, checkConnectionString(valueOf(connection.control)), CONNECTION_HINT));
      checks.push(problems.show(csInput, checkRelativeLocation(valueOf(csInput.control))));
      checks.push(problems.show(csOutput, optional(csOutput.control, checkRelativeLocation), 'Empty: the service chooses where, and the output is downloaded when the job finishes.'));
    }
    if (kind === 'sasUrl') {
      checks.push(problems.show(sasInput, urlProblem(valueOf(sasInput.control))));
      checks.push(problems.show(sasOutput, optional(sasOutput.control, urlProblem), 'With a SAS token that allows writing. Empty: the service chooses where.'));
    }
    const parsed = parseGlobalParameters(valueOf(parameters.control));
    checks.push(problems.show(parameters, parsed.ok ? undefined : parsed.problem, 'One name=value per line, or a JSON object. They reach the model with every batch of rows.'));
    return checks.every(Boolean);
  };
  const input = (): JobFormInput => {
    const kind = source.value() ?? 'file';
    const text = (f: { control: HTMLElement }) => valueOf(f.control);
    if (kind === 'connectionString') return { kind, connectionString: text(connection), input: text(csInput), output: text(csOutput) || undefined };
    if (kind === 'sasUrl') return { kind, inputUrl: text(sasInput), outputUrl: text(sasOutput) || undefined };
    return { kind: 'file', path: file?.path ?? '' };
  };
  const applyFile = (picked: PickedFile | null) => {
    if (!picked) return;
    file = picked;
    setValue(fileText, picked.label);
    validate();
  };
  const showProblem = (message: string) => {
    status.textContent = '';
    jobLine.className = 'problem';
    jobLine.textContent = message;
  };

  source.onChange(() => {
    visible();
    validate();
  });
  for (const f of [connection, csInput, csOutput, sasInput, sasOutput, parameters]) f.control.addEventListener('input', validate);
  onEvent(fileField.row.querySelector('#pick-file')!, 'click', async () => applyFile(await rpc.call('pickFile', {})), showProblem);
  onEvent(submit, 'click', async () => {
    problems.markSubmitted();
    if (!validate()) return;
    (submit as unknown as { disabled: boolean }).disabled = true;
    jobLine.textContent = '';
    try {
      const { jobId } = await rpc.call('submit', { input: input(), globalParameters: valueOf(parameters.control) });
      followedJob = jobId;
      status.textContent = '';
      showJob('Running', 'starting', undefined);
    } catch (error) {
      showProblem(problemText(error));
    } finally {
      (submit as unknown as { disabled: boolean }).disabled = false;
    }
  }, showProblem);

  const { target } = init;
  app.replaceChildren(
    h('h1', {}, 'Submit a batch job'),
    h('p', { class: 'status', id: 'target' }, `Scores every row with ${target.serviceName} / ${target.endpointName} (${target.accountLabel}).`),
    h('vscode-form-container', {}, field('Input', source.element).row, fileField.row, connection.row, csInput.row, csOutput.row, sasInput.row, sasOutput.row, parameters.row),
    h('div', { class: 'actions' }, submit, status),
    jobLine,
  );
  app.removeAttribute('aria-busy');
  visible();
  if (init.file) applyFile(init.file);
  validate();
}
