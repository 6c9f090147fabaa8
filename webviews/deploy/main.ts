import '../shared/elements';
import { parseCpu, parseMemory } from '../../src/api/quantities';
import { AUTOSCALER, checkResourceName, checkWholeNumber, PER_REPLICA_CONCURRENCY, REPLICAS, suggestResourceName } from '../../src/api/rules';
import { RUNTIMES, type DeployEvent, type DeployInit, type DeployMethods, type DeployParams, type DeployStep, type ModelChoice, type Runtime } from '../protocol/deployProtocol';
import type { PickedSource } from '../protocol/registerModelProtocol';
import { field, FormProblems, h, options, setValue, valueOf } from '../shared/dom';
import { onEvent, problemText } from '../shared/actions';
import { Rpc } from '../shared/rpcClient';

const app = document.getElementById('app')!;
const FROM_FILE = '__file__';
const STEP_LABELS: Record<DeployStep, string> = { register: 'Register the model', manifest: 'Write the manifest', image: 'Build the image', service: 'Start the service' };
const stepList = h('ol', { class: 'steps', id: 'steps' });

const rpc = new Rpc<DeployMethods, DeployInit, DeployEvent>(render, (event) => {
  const item = stepList.querySelector(`[data-step="${event.step}"]`);
  if (!item) return;
  item.setAttribute('data-state', event.state);
  item.textContent = `${STEP_LABELS[event.step]}${event.message ? `: ${event.message}` : ''}`;
});

const suggestRuntime = (model: ModelChoice | undefined, source: PickedSource | undefined): Runtime | undefined =>
  model?.mimeType === 'application/onnx' || source?.path.toLowerCase().endsWith('.onnx') ? 'Onnx' : undefined;

function render(init: DeployInit): void {
  const problems = new FormProblems(app);
  let models = init.models;
  let source = init.preset.source;
  let driverPath = init.preset.driverPath;

  const account = h('vscode-single-select', { id: 'account' });
  const accountReady = options(account, init.accounts.map((a) => ({ value: a.id, label: a.label })), init.accountId);
  const model = field('Model version', h('vscode-single-select', { id: 'model' }), 'A registered model, or a file or folder to register now.');
  const fillModels = (selected?: string) =>
    options(model.control, [...(source ? [{ value: FROM_FILE, label: `Register ${source.path}` }] : []), ...models.map((m) => ({ value: m.id, label: `${m.name}:${m.version}` })), { value: '__pick__', label: 'Choose a file or folder...' }], selected);
  const modelsReady = fillModels(source ? FROM_FILE : init.preset.modelId ?? models[0]?.id);

  const runtime = h('vscode-radio-group', { id: 'runtime' }, ...RUNTIMES.map((r) => h('vscode-radio', { name: 'runtime', value: r, label: r }, r)));
  const runtimeField = field('Runtime', runtime, 'Onnx runs the model itself; Python and Node run your driver program.');
  const driverText = h('vscode-textfield', { id: 'driver', readonly: true, placeholder: 'score.py or score.js' });
  const driver = field('Driver program', h('div', { class: 'inline' }, driverText, h('vscode-button', { id: 'pick-driver', secondary: true }, 'Browse...')));
  const serviceName = field('Service name', h('vscode-textfield', { id: 'service-name' }));
  const scaleKind = h('vscode-radio-group', { id: 'scale' }, h('vscode-radio', { name: 'scale', value: 'fixed', checked: true }, 'Fixed replicas'), h('vscode-radio', { name: 'scale', value: 'auto' }, 'Autoscale'));
  const replicas = field('Replicas', h('vscode-textfield', { id: 'replicas', value: String(REPLICAS.default) }));
  const min = field('Min replicas', h('vscode-textfield', { id: 'min', value: String(AUTOSCALER.minReplicas.default) }));
  const max = field('Max replicas', h('vscode-textfield', { id: 'max', value: String(AUTOSCALER.maxReplicas.default) }));
  const target = field('Target utilization %', h('vscode-textfield', { id: 'target', value: String(AUTOSCALER.targetUtilization.default) }));
  const perReplica = field('Concurrent calls per replica', h('vscode-textfield', { id: 'per-replica', value: String(PER_REPLICA_CONCURRENCY.default) }));
  const memory = field('Memory', h('vscode-textfield', { id: 'memory', placeholder: '512Mi' }), 'Optional: caps each replica (e.g. 256Mi, 1Gi).');
  const cpu = field('CPU', h('vscode-textfield', { id: 'cpu', placeholder: '0.5' }), 'Optional (e.g. 0.5, 500m).');
  const submit = h('vscode-button', { id: 'deploy' }, 'Deploy');
  const result = h('div', { class: 'result', id: 'result' });

  const chosenModel = () => models.find((m) => m.id === valueOf(model.control));
  const runtimeValue = () => valueOf(runtime) as Runtime | '';
  const setRuntime = (value: Runtime | undefined) => {
    if (!value) return;
    setValue(runtime, value);
    runtime.querySelectorAll('vscode-radio').forEach((r) => ((r as unknown as { checked: boolean }).checked = r.getAttribute('value') === value));
  };
  const suggestName = () => {
    const from = chosenModel()?.name ?? source?.suggestedName;
    if (!valueOf(serviceName.control) && from) setValue(serviceName.control, suggestResourceName(from, { lowerCase: true }));
  };
  const showProblem = (message: string) => result.replaceChildren(h('p', { class: 'problem', id: 'deploy-error' }, message));
  const autoscale = () => valueOf(scaleKind) === 'auto';

  const validate = (): boolean => {
    const needsDriver = runtimeValue() === 'Python' || runtimeValue() === 'Node';
    driver.row.hidden = !needsDriver;
    for (const f of [replicas]) f.row.hidden = autoscale();
    for (const f of [min, max, target]) f.row.hidden = !autoscale();
    const memoryText = valueOf(memory.control);
    const cpuText = valueOf(cpu.control);
    const memoryCheck = memoryText ? parseMemory(memoryText) : undefined;
    const cpuCheck = cpuText ? parseCpu(cpuText) : undefined;
    const checks = [
      problems.show(model, valueOf(model.control) && valueOf(model.control) !== '__pick__' ? undefined : 'Choose the model to deploy.'),
      problems.show(runtimeField, runtimeValue() ? undefined : 'Choose a runtime.'),
      problems.show({ helper: driver.helper, control: driverText }, needsDriver && !driverPath ? 'Choose the driver program.' : undefined),
      problems.show(serviceName, checkResourceName(valueOf(serviceName.control))),
      autoscale() || problems.show(replicas, checkWholeNumber(valueOf(replicas.control), REPLICAS, 'Replicas')),
      !autoscale() || problems.show(min, checkWholeNumber(valueOf(min.control), AUTOSCALER.minReplicas, 'Min replicas')),
      !autoscale() ||
        problems.show(max, checkWholeNumber(valueOf(max.control), AUTOSCALER.maxReplicas, 'Max replicas') ?? (Number(valueOf(max.control)) < Number(valueOf(min.control)) ? 'Max replicas must be at least min replicas.' : undefined)),
      !autoscale() || problems.show(target, checkWholeNumber(valueOf(target.control), AUTOSCALER.targetUtilization, 'Target utilization')),
      problems.show(perReplica, checkWholeNumber(valueOf(perReplica.control), PER_REPLICA_CONCURRENCY, 'Concurrent calls per replica')),
      problems.show(memory, memoryCheck && 'problem' in memoryCheck ? memoryCheck.problem : undefined, 'Optional: caps each replica (e.g. 256Mi, 1Gi).'),
      problems.show(cpu, cpuCheck && 'problem' in cpuCheck ? cpuCheck.problem : undefined, 'Optional (e.g. 0.5, 500m).'),
    ];
    return checks.every(Boolean);
  };

  onEvent(model.control, 'change', async () => {
    if (valueOf(model.control) === '__pick__') {
      const picked = await rpc.call('pickSource', { folder: false });
      if (picked) source = picked;
      await fillModels(source ? FROM_FILE : models[0]?.id);
    }
    setRuntime(suggestRuntime(chosenModel(), valueOf(model.control) === FROM_FILE ? source : undefined));
    suggestName();
    validate();
  }, showProblem);
  onEvent(account, 'change', async () => {
    models = await rpc.call('listModels', { accountId: valueOf(account) });
    await fillModels(source ? FROM_FILE : models[0]?.id);
    validate();
  }, showProblem);
  onEvent(driver.row.querySelector('#pick-driver')!, 'click', async () => {
    const rt = runtimeValue();
    if (rt !== 'Python' && rt !== 'Node') return;
    const picked = await rpc.call('pickDriver', { runtime: rt });
    if (picked) {
      driverPath = picked.path;
      setValue(driverText, picked.path);
    }
    validate();
  }, showProblem);
  for (const control of [runtime, scaleKind]) control.addEventListener('change', validate);
  for (const f of [serviceName, replicas, min, max, target, perReplica, memory, cpu]) f.control.addEventListener('input', validate);

  onEvent(submit, 'click', async () => {
    problems.markSubmitted();
    if (!validate()) return;
    const chosen = valueOf(model.control);
    const params: DeployParams = {
      accountId: valueOf(account),
      modelId: chosen === FROM_FILE ? undefined : chosen,
      sourcePath: chosen === FROM_FILE ? source?.path : undefined,
      runtime: runtimeValue() as Runtime,
      driverPath: runtimeValue() === 'Onnx' ? undefined : driverPath,
      serviceName: valueOf(serviceName.control),
      scale: autoscale()
        ? { kind: 'auto', min: Number(valueOf(min.control)), max: Number(valueOf(max.control)), target: Number(valueOf(target.control)) }
        : { kind: 'fixed', replicas: Number(valueOf(replicas.control)) },
      perReplica: Number(valueOf(perReplica.control)),
      memory: valueOf(memory.control) || undefined,
      cpu: valueOf(cpu.control) || undefined,
    };
    const steps: DeployStep[] = [...(params.sourcePath ? (['register'] as const) : []), 'manifest', 'image', 'service'];
    stepList.replaceChildren(...steps.map((s) => h('li', { 'data-step': s, 'data-state': 'waiting' }, STEP_LABELS[s])));
    result.replaceChildren();
    stepList.scrollIntoView({ behavior: 'smooth', block: 'start' });
    (submit as unknown as { disabled: boolean }).disabled = true;
    try {
      const deployed = await rpc.call('deploy', params);
      const test = h('vscode-button', { id: 'test-service' }, 'Test service');
      onEvent(test, 'click', () => rpc.call('testService', { accountId: params.accountId, serviceId: deployed.serviceId }), showProblem);
      result.replaceChildren(h('p', { class: 'success' }, `${deployed.serviceName} is running.`), h('dl', { class: 'facts' }, h('dt', {}, 'Scoring URL'), h('dd', {}, h('code', { id: 'scoring-uri' }, deployed.scoringUri))), test);
    } catch (error) {
      showProblem(problemText(error));
    } finally {
      (submit as unknown as { disabled: boolean }).disabled = false;
      result.scrollIntoView({ behavior: 'smooth', block: 'end' });
    }
  }, showProblem);

  app.replaceChildren(
    h('h1', {}, 'Deploy a model'),
    h('vscode-form-container', {},
      field('Account', account).row,
      model.row,
      runtimeField.row,
      driver.row,
      serviceName.row,
      field('Scale', scaleKind).row,
      h('div', { class: 'row' }, replicas.row, min.row, max.row, target.row),
      h('div', { class: 'row' }, perReplica.row, memory.row, cpu.row),
    ),
    h('div', { class: 'actions' }, submit),
    stepList,
    result,
  );
  app.removeAttribute('aria-busy');
  if (driverPath) setValue(driverText, driverPath);
  setRuntime(init.preset.runtime ?? suggestRuntime(models.find((m) => m.id === init.preset.modelId), source));
  suggestName();
  validate();
  Promise.all([accountReady, modelsReady]).then(validate, (error: unknown) => showProblem(problemText(error)));
}
