// One replica of a Node or Onnx service, running in a worker thread: loads the image once, then answers
// score messages. Bundled on its own (dist/replicaWorker.js); it never touches the service's store.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { ImageSpec } from '../../images/imageBuilder';
import { InputProblem, onnxSchema, outputsFor, tensorsFor, type ModelInput, type OnnxTensorLike } from '../onnx/tensors';
import { driverFailure, describeError as describe } from '../driverFailure';
import { loadDriverModule } from '../driverModule';
import { isFailure, readCall, writeAnswer } from '../scoreBody';
import { driverInput, inputError, type DeclaredSchema, type ReplicaMessage, type Scored, type ScoreRequest, type WorkerCall } from '../scoreRequest';

export interface ReplicaWorkerData {
  imageDir: string;
  spec: ImageSpec;
}

type Scorer = (request: ScoreRequest) => Promise<Scored>;

const { imageDir, spec } = workerData as ReplicaWorkerData;
const port = parentPort!;
const send = (message: ReplicaMessage) => port.postMessage(message);
/** The driver is a module found at run time, and onnxruntime-node is loaded only by Onnx replicas. */
const requireAtRunTime: (id: string) => unknown = createRequire(__filename);

async function loadNodeDriver(): Promise<{ score: Scorer; schema?: DeclaredSchema }> {
  const { run, schema } = await loadDriverModule(requireAtRunTime, imageDir, spec.driverProgram);
  const score: Scorer = async (request) => {
    try {
      return { ok: true, output: await run(driverInput(request)) };
    } catch (error) {
      return driverFailure(error);
    }
  };
  return { score, schema };
}

async function loadOnnxModel(): Promise<{ score: Scorer; schema: DeclaredSchema }> {
  const ort = requireAtRunTime('onnxruntime-node') as typeof import('onnxruntime-node');
  const model = spec.models.flatMap((m) => m.files).find((f) => f.endsWith('.onnx'));
  if (!model) throw new Error('the image holds no .onnx model file');
  const session = await ort.InferenceSession.create(path.join(imageDir, model), { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const inputs: ModelInput[] = session.inputMetadata.map((meta) => {
    if (!meta.isTensor) throw new Error(`input '${meta.name}' is not a tensor; Modelbay runs tensor inputs only`);
    return { name: meta.name, type: meta.type, shape: meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : undefined)) };
  });
  const modelName = spec.models[0]?.name ?? 'model';
  const score: Scorer = async (request) => {
    let feeds: Record<string, InstanceType<typeof ort.Tensor>>;
    try {
      const tensors = tensorsFor(request, inputs);
      feeds = {};
      for (const t of tensors) {
        const data = t.type === 'float32' ? Float32Array.from(t.data as number[]) : t.type === 'float64' ? Float64Array.from(t.data as number[]) : (t.data as never);
        feeds[t.name] = new ort.Tensor(t.type as 'float32', data as Float32Array, t.dims);
      }
      const missing = inputs.filter((i) => !(i.name in feeds)).map((i) => i.name);
      if (missing.length > 0) throw new InputProblem(`inputs ${missing.join(', ')} are missing`);
    } catch (error) {
      if (error instanceof InputProblem) return inputError(error.message);
      throw error;
    }
    try {
      return outputsFor(request, modelName, (await session.run(feeds)) as unknown as Record<string, OnnxTensorLike>);
    } catch (error) {
      return { ok: false, status: 400, code: 'InputParseError', message: `the model refused the input: ${describe(error)}` };
    }
  };
  return { score, schema: onnxSchema(inputs, [...session.outputNames]) };
}

async function main(): Promise<void> {
  let loaded: { score: Scorer; schema?: DeclaredSchema };
  try {
    loaded = spec.runtimeType === 'Onnx' ? await loadOnnxModel() : await loadNodeDriver();
  } catch (error) {
    send({ type: 'initFailed', message: describe(error) });
    return;
  }
  // The call arrives as the body's text and leaves as the answer's: JSON is parsed and written here, once, on
  // this thread; the service's HTTP thread only passes strings (cheapest hand-off measured, test/bench/handoff.ts).
  port.on('message', (call: WorkerCall) => {
    const { id } = call;
    let request: ReturnType<typeof readCall>;
    try {
      request = readCall(call, spec.runtimeType);
    } catch (error) {
      // A body that trips something unforeseen is this call's failure, not the replica's end.
      send({ type: 'result', id, ok: false, status: 500, code: 'ModuleExecutionError', message: `the request could not be read: ${describe(error)}` });
      return;
    }
    if (isFailure(request)) {
      send({ type: 'result', id, ...request });
      return;
    }
    void loaded
      .score(request)
      .catch((error: unknown) => driverFailure(error))
      .then((scored) => send({ type: 'result', id, ...writeAnswer(request, scored, call) }));
  });
  send({ type: 'ready', schema: loaded.schema });
}

void main();
