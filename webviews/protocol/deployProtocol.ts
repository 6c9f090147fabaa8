import { hasShape, isNumber, isObject, isOptionalString, isString, type Method, type ParamsCheck } from './rpc';
import type { AccountChoice, PickedSource } from './registerModelProtocol';

export type Runtime = 'Onnx' | 'Python' | 'Node';
export const RUNTIMES: readonly Runtime[] = ['Onnx', 'Python', 'Node'];

/** A file the host picked, with the path the form shows (relative to its workspace folder). */
export interface PickedFile {
  path: string;
  label: string;
}

export interface ModelChoice {
  id: string;
  name: string;
  version: number;
  mimeType: string;
}

export interface DeployInit {
  accounts: AccountChoice[];
  accountId: string;
  models: ModelChoice[];
  /** What a right-click or a clicked model already says. */
  preset: { modelId?: string; source?: PickedSource; runtime?: Runtime; driver?: PickedFile };
}

export type Scale = { kind: 'fixed'; replicas: number } | { kind: 'auto'; min: number; max: number; target: number };

/** Whether a service of that name exists, as the name is typed: the form then offers to update it. */
export type ServiceNameCheck = { exists: false } | { exists: true; serviceId: string; status: string };

/** Create a new service, or update the existing one of that name (only when the form offered it). */
export type DeployAction = 'create' | 'update';

export interface DeployParams {
  accountId: string;
  action: DeployAction;
  /** A registered model, or a file/folder to register first. */
  modelId?: string;
  sourcePath?: string;
  runtime: Runtime;
  driverPath?: string;
  serviceName: string;
  scale: Scale;
  perReplica: number;
  memory?: string;
  cpu?: string;
}

export type DeployMethods = {
  listModels: Method<{ accountId: string }, ModelChoice[]>;
  pickSource: Method<{ folder: boolean }, PickedSource | null>;
  pickDriver: Method<{ runtime: Runtime }, PickedFile | null>;
  checkServiceName: Method<{ accountId: string; name: string }, ServiceNameCheck>;
  deploy: Method<DeployParams, { serviceId: string; serviceName: string; scoringUri: string }>;
  testService: Method<{ accountId: string; serviceId: string }, null>;
};

export type DeployStep = 'register' | 'manifest' | 'image' | 'service';
/** A step's progress; `message` says what a finished step made ("iris:2"). A failure's reason is the deploy's answer. */
export type DeployEvent = { kind: 'step'; step: DeployStep; state: 'running' | 'done' | 'failed'; message?: string };

const isAction = (v: unknown): v is DeployAction => v === 'create' || v === 'update';
const isRuntime = (v: unknown): v is Runtime => RUNTIMES.includes(v as Runtime);
const isScale = (v: unknown): v is Scale =>
  isObject(v) &&
  ((v.kind === 'fixed' && hasShape(v, { kind: isString, replicas: isNumber })) ||
    (v.kind === 'auto' && hasShape(v, { kind: isString, min: isNumber, max: isNumber, target: isNumber })));

export const deployParamsCheck: ParamsCheck<DeployMethods> = {
  listModels: (p): p is { accountId: string } => hasShape(p, { accountId: isString }),
  pickSource: (p): p is { folder: boolean } => hasShape(p, { folder: (v) => typeof v === 'boolean' }),
  pickDriver: (p): p is { runtime: Runtime } => hasShape(p, { runtime: isRuntime }),
  deploy: (p): p is DeployParams =>
    hasShape(p, {
      accountId: isString,
      action: isAction,
      modelId: isOptionalString,
      sourcePath: isOptionalString,
      runtime: isRuntime,
      driverPath: isOptionalString,
      serviceName: isString,
      scale: isScale,
      perReplica: isNumber,
      memory: isOptionalString,
      cpu: isOptionalString,
    }),
  checkServiceName: (p): p is { accountId: string; name: string } => hasShape(p, { accountId: isString, name: isString }),
  testService: (p): p is { accountId: string; serviceId: string } => hasShape(p, { accountId: isString, serviceId: isString }),
};
