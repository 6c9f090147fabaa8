import '../shared/elements';
import { parseCpu, parseMemory } from '../../src/api/quantities';
import { AUTOSCALER, checkResourceName, checkWholeNumber, PER_REPLICA_CONCURRENCY, REPLICAS, suggestResourceName } from '../../src/api/rules';
import {
  RUNTIMES,
  type DeployEvent,
  type DeployInit,
  type DeployMethods,
  type DeployParams,
  type DeployStep,
  type ModelChoice,
  type PickedFile,
  type Runtime,
  type ServiceNameCheck,
} from '../protocol/deployProtocol';
import type { PickedSource } from '../protocol/registerModelProtocol';
import { field, FormProblems, h, options, setValue, valueOf } from '../shared/dom';
import { onEvent, problemText } from '../shared/actions';
import { radioGroup } from '../shared/radioGroup';
import { Rpc } from '../shared/rpcClient';
import { DeploySteps } from './deploySteps';
import { ServiceNameLookup } from './serviceNameCheck';

const app = document.getElementById('app')!;
const FROM_FILE = '__file__';
const PICK = '__pick__';
const HINTS = {
  model: 'A registered model, or a file or folder to register now (an identical one already registered is used again).',
  runtime: 'Onnx runs the model itself; Python and Node run your driver program.',
  memory: 'Optional: caps each replica (e.g. 256Mi, 1Gi).',
  cpu: 'Optional (e.g. 0.5, 500m).',
};
const steps = new DeploySteps();
const rpc = new Rpc<DeployMethods, DeployInit, DeployEvent>(render, (event) => steps.update(event));

const suggestRuntime = (model: ModelChoice | undefined, source: PickedSource | undefined): Runtime | undefined =>
  model?.mimeType === 'application/onnx' || source?.path.toLowerCase().endsWith('.onnx') ? 'Onnx' : undefined;

const existsNote = (name: string, check: ServiceNameCheck | undefined) =>
  check?.exists ? `${name} exists (${check.status}): Update ${name} gives it this model, keeping its scoring URL and keys.` : '';

function render(init: DeployInit): void {
  const problems = new FormProblems(app);
  let models = init.models;
  let source = init.preset.source;
  let driver: PickedFile | undefined = init.preset.driver;

  const account = h('vscode-single-select', { id: 'account' });
  const accountReady = options(account, init.accounts.map((a) => ({ value: a.id, label: a.label })), init.accountId);
  const model = field('Model version', h('vscode-single-select', { id: 'model' }), HINTS.model);
  const fillModels = (selected?: string) =>
    options(model.control, [...(source ? [{ value: FROM_FILE, label: `Register ${source.label}` }] : []), ...models.map((m) => ({ value: m.id, label: `${m.name}:${m.version}` })), { value: PICK, label: 'Choose a file or folder...' }], selected);
  const modelsReady = fillModels(source ? FROM_FILE : init.preset.modelId ?? models[0]?.id);
  const chosenModel = () => models.find((m) => m.id === valueOf(model.control));

  const runtime = radioGroup<Runtime>('runtime', RUNTIMES.map((r) => ({ value: r, label: r })), init.preset.runtime ?? suggestRuntime(models.find((m) => m.id === init.preset.modelId), source));
  const runtimeField = field('Runtime', runtime.element, HINTS.runtime);
  const driverText = h('vscode-textfield', { id: 'driver', readonly: true, placeholder: 'score.py or score.js', value: driver?.label });
  const driverField = field('Driver program', h('div', { class: 'inline' }, driverText, h('vscode-button', { id: 'pick-driver', secondary: true }, 'Browse...')));
  const serviceName = field('Service name', h('vscode-textfield', { id: 'service-name' }));
  const scale = radioGroup<'fixed' | 'auto'>('scale', [{ value: 'fixed', label: 'Fixed replicas' }, { value: 'auto', label: 'Autoscale' }], 'fixed');
  const replicas = field('Replicas', h('vscode-textfield', { id: 'replicas', value: String(REPLICAS.default) }));
  const min = field('Min replicas', h('vscode-textfield', { id: 'min', value: String(AUTOSCALER.minReplicas.default) }));
  const max = field('Max replicas', h('vscode-textfield', { id: 'max', value: String(AUTOSCALER.maxReplicas.default) }));
  const target = field('Target utilization %', h('vscode-textfield', { id: 'target', value: String(AUTOSCALER.targetUtilization.default) }));
  const perReplica = field('Concurrent calls per replica', h('vscode-textfield', { id: 'per-replica', value: String(PER_REPLICA_CONCURRENCY.default) }));
  const memory = field('Memory', h('vscode-textfield', { id: 'memory', placeholder: '512Mi' }), HINTS.memory);
  const cpu = field('CPU', h('vscode-textfield', { id: 'cpu', placeholder: '0.5' }), HINTS.cpu);
  const submit = h('vscode-button', { id: 'deploy' }, 'Deploy');
  const result = h('div', { class: 'result', id: 'result' });
  const names = new ServiceNameLookup((accountId, name) => rpc.call('checkServiceName', { accountId, name }), () => validate());

  /** A service name from the chosen model, while the field is empty (`from` before the model list is drawn). */
  const suggestName = (from = valueOf(model.control) === FROM_FILE ? source?.suggestedName : chosenModel()?.name) => {
    if (!valueOf(serviceName.control) && from) setValue(serviceName.control, suggestResourceName(from, { lowerCase: true }));
  };
  const showProblem = (message: string) => result.replaceChildren(h('p', { class: 'problem', id: 'deploy-error' }, message));
  const autoscale = () => scale.value() === 'auto';
  const needsDriver = () => runtime.value() === 'Python' || runtime.value() === 'Node';
  /** What the form says about the name now: undefined while its answer is awaited. */
  const existing = () => names.knownFor(valueOf(account), valueOf(serviceName.control));

  const validate = (): boolean => {
    driverField.row.hidden = !needsDriver();
    replicas.row.hidden = autoscale();
    for (const f of [min, max, target]) f.row.hidden = !autoscale();
    const name = valueOf(serviceName.control);
    const nameProblem = checkResourceName(name);
    if (!nameProblem) names.lookUp(valueOf(account), name);
    submit.textContent = existing()?.exists && !nameProblem ? `Update ${name}` : 'Deploy';
    const memoryText = valueOf(memory.control);
    const cpuText = valueOf(cpu.control);
    const memoryCheck = memoryText ? parseMemory(memoryText) : undefined;
    const cpuCheck = cpuText ? parseCpu(cpuText) : undefined;
    const checks = [
      problems.show(model, valueOf(model.control) && valueOf(model.control) !== PICK ? undefined : 'Choose the model to deploy.', HINTS.model),
      problems.show(runtimeField, runtime.value() ? undefined : 'Choose a runtime.', HINTS.runtime),
      problems.show({ helper: driverField.helper, control: driverText }, needsDriver() && !driver ? 'Choose the driver program.' : undefined),
      problems.show(serviceName, nameProblem, existsNote(name, existing())),
      autoscale() || problems.show(replicas, checkWholeNumber(valueOf(replicas.control), REPLICAS, 'Replicas')),
      !autoscale() || problems.show(min, checkWholeNumber(valueOf(min.control), AUTOSCALER.minReplicas, 'Min replicas')),
      !autoscale() ||
        problems.show(max, checkWholeNumber(valueOf(max.control), AUTOSCALER.maxReplicas, 'Max replicas') ?? (Number(valueOf(max.control)) < Number(valueOf(min.control)) ? 'Max replicas must be at least min replicas.' : undefined)),
      !autoscale() || problems.show(target, checkWholeNumber(valueOf(target.control), AUTOSCALER.targetUtilization, 'Target utilization')),
      problems.show(perReplica, checkWholeNumber(valueOf(perReplica.control), PER_REPLICA_CONCURRENCY, 'Concurrent calls per replica')),
      problems.show(memory, memoryCheck && 'problem' in memoryCheck ? memoryCheck.problem : undefined, HINTS.memory),
      problems.show(cpu, cpuCheck && 'problem' in cpuCheck ? cpuCheck.problem : undefined, HINTS.cpu),
    ];
    return checks.every(Boolean);
  };

  onEvent(model.control, 'change', async () => {
    if (valueOf(model.control) === PICK) {
      const picked = await rpc.call('pickSource', { folder: false });
      if (picked) source = picked;
      await fillModels(source ? FROM_FILE : models[0]?.id);
    }
    const suggested = suggestRuntime(chosenModel(), valueOf(model.control) === FROM_FILE ? source : undefined);
    if (suggested) runtime.select(suggested);
    suggestName();
    validate();
  }, showProblem);
  onEvent(account, 'change', async () => {
    models = await rpc.call('listModels', { accountId: valueOf(account) });
    await fillModels(source ? FROM_FILE : models[0]?.id);
    validate();
  }, showProblem);
  onEvent(driverField.row.querySelector('#pick-driver')!, 'click', async () => {
    const chosen = runtime.value();
    if (chosen !== 'Python' && chosen !== 'Node') return;
    const picked = await rpc.call('pickDriver', { runtime: chosen });
    if (picked) {
      driver = picked;
      setValue(driverText, picked.label);
    }
    validate();
  }, showProblem);
  runtime.onChange(validate);
  scale.onChange(validate);
  for (const f of [serviceName, replicas, min, max, target, perReplica, memory, cpu]) f.control.addEventListener('input', validate);

  onEvent(submit, 'click', async () => {
    problems.markSubmitted();
    if (!validate()) return;
    const accountId = valueOf(account);
    const name = valueOf(serviceName.control);
    const offered = existing()?.exists ?? false;
    const check = await names.answer(accountId, name);
    // The button does what it said: when the name turned out to exist (or to be gone), the form says so first.
    if (check.exists !== offered) return void validate();
    const chosen = valueOf(model.control);
    const params: DeployParams = {
      accountId,
      action: check.exists ? 'update' : 'create',
      modelId: chosen === FROM_FILE ? undefined : chosen,
      sourcePath: chosen === FROM_FILE ? source?.path : undefined,
      runtime: runtime.value()!,
      driverPath: needsDriver() ? driver?.path : undefined,
      serviceName: name,
      scale: autoscale()
        ? { kind: 'auto', min: Number(valueOf(min.control)), max: Number(valueOf(max.control)), target: Number(valueOf(target.control)) }
        : { kind: 'fixed', replicas: Number(valueOf(replicas.control)) },
      perReplica: Number(valueOf(perReplica.control)),
      memory: valueOf(memory.control) || undefined,
      cpu: valueOf(cpu.control) || undefined,
    };
    const labels: Record<DeployStep, string> = {
      register: 'Register the model',
      manifest: 'Write the manifest',
      image: 'Build the image',
      service: params.action === 'update' ? `Update ${name}` : 'Start the service',
    };
    const order: DeployStep[] = [...(params.sourcePath ? (['register'] as const) : []), 'manifest', 'image', 'service'];
    steps.start(order.map((step) => ({ step, label: labels[step] })));
    result.replaceChildren();
    steps.element.scrollIntoView({ behavior: 'smooth', block: 'start' });
    (submit as unknown as { disabled: boolean }).disabled = true;
    try {
      const deployed = await rpc.call('deploy', params);
      const test = h('vscode-button', { id: 'test-service' }, 'Test service');
      onEvent(test, 'click', () => rpc.call('testService', { accountId, serviceId: deployed.serviceId }), showProblem);
      const said = params.action === 'update' ? `${deployed.serviceName} is updated and running.` : `${deployed.serviceName} is running.`;
      result.replaceChildren(h('p', { class: 'success' }, said), h('dl', { class: 'facts' }, h('dt', {}, 'Scoring URL'), h('dd', {}, h('code', { id: 'scoring-uri' }, deployed.scoringUri))), test);
    } catch (error) {
      showProblem(problemText(error));
    } finally {
      (submit as unknown as { disabled: boolean }).disabled = false;
      // The service may exist now (or be changed): ask again, so the button offers what a click would do.
      names.forget();
      validate();
      result.scrollIntoView({ behavior: 'smooth', block: 'end' });
    }
  }, showProblem);

  app.replaceChildren(
    h('h1', {}, 'Deploy a model'),
    h('vscode-form-container', {},
      field('Account', account).row,
      model.row,
      runtimeField.row,
      driverField.row,
      serviceName.row,
      field('Scale', scale.element).row,
      h('div', { class: 'row' }, replicas.row, min.row, max.row, target.row),
      h('div', { class: 'row' }, perReplica.row, memory.row, cpu.row),
    ),
    h('div', { class: 'actions' }, submit),
    steps.element,
    result,
  );
  app.removeAttribute('aria-busy');
  suggestName(source?.suggestedName ?? models.find((m) => m.id === init.preset.modelId)?.name);
  validate();
  Promise.all([accountReady, modelsReady]).then(
    () => {
      suggestName();
      validate();
    },
    (error: unknown) => showProblem(problemText(error)),
  );
}
