import type { DeclaredSchema, Scored, ScoreRequest, V2Tensor } from '../scoreRequest';

/** The slice of onnxruntime-node the scorer uses (kept narrow so this file has no native import). */
export interface OnnxTensorLike {
  type: string;
  dims: readonly number[];
  data: ArrayLike<number | bigint | boolean>;
}

export interface ModelInput {
  name: string;
  type: string;
  /** Fixed dimensions as numbers; symbolic ones (batch) as undefined. */
  shape: (number | undefined)[];
}

/** Most elements one request may carry: a guard against huge arrays exhausting a replica. */
export const MAX_ELEMENTS = 4_000_000;

const V2_TO_ORT: Record<string, string> = {
  FP32: 'float32', FP64: 'float64', INT8: 'int8', INT16: 'int16', INT32: 'int32', INT64: 'int64',
  UINT8: 'uint8', UINT16: 'uint16', UINT32: 'uint32', UINT64: 'uint64', BOOL: 'bool',
};
const ORT_TO_V2 = Object.fromEntries(Object.entries(V2_TO_ORT).map(([v2, ort]) => [ort, v2]));

export class InputProblem extends Error {}

/** Flattens nested arrays, proving they are rectangular with the given shape. */
function flattenChecked(value: unknown, shape: number[], where: string): unknown[] {
  if (shape.length === 0) return [value];
  if (!Array.isArray(value)) throw new InputProblem(`${where} must be an array`);
  if (value.length !== shape[0]) throw new InputProblem(`${where} has ${value.length} entries; the shape says ${shape[0]}`);
  return value.flatMap((v, i) => flattenChecked(v, shape.slice(1), `${where}[${i}]`));
}

function shapeOfRows(rows: unknown, where: string): number[] {
  if (!Array.isArray(rows) || rows.length === 0) throw new InputProblem(`${where} must be a non-empty array of rows`);
  const first: unknown = rows[0];
  if (!Array.isArray(first)) return [rows.length];
  const width = first.length;
  rows.forEach((row, i) => {
    if (!Array.isArray(row)) throw new InputProblem(`${where}[${i}] must be an array`);
    if (row.length !== width) throw new InputProblem(`${where} is ragged: row 0 has ${width} values, row ${i} has ${row.length}`);
  });
  return [rows.length, width];
}

function checkElement(value: unknown, type: string, where: string): number | bigint | boolean {
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new InputProblem(`${where} must be true or false`);
    return value;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputProblem(`${where} must be a finite number, got ${JSON.stringify(value)}`);
  }
  if (type.startsWith('int') || type.startsWith('uint')) {
    if (!Number.isInteger(value)) throw new InputProblem(`${where} must be an integer for ${type}, got ${value}`);
    if (type.startsWith('uint') && value < 0) throw new InputProblem(`${where} must not be negative for ${type}`);
    return type.endsWith('64') ? BigInt(value) : value;
  }
  return value;
}

function checkAgainstModel(input: ModelInput, shape: number[], where: string): void {
  if (input.shape.length !== shape.length) {
    throw new InputProblem(`${where} has ${shape.length} dimensions [${shape.join(',')}]; input '${input.name}' takes ${input.shape.length} [${input.shape.map((d) => d ?? '?').join(',')}]`);
  }
  input.shape.forEach((dim, i) => {
    if (dim !== undefined && dim !== shape[i]) {
      throw new InputProblem(`${where} has dimension ${i} = ${shape[i]}; input '${input.name}' needs ${dim}`);
    }
  });
}

export interface PreparedTensor {
  name: string;
  type: string;
  dims: number[];
  data: (number | bigint | boolean)[];
}

function prepare(input: ModelInput, shape: number[], flat: unknown[], where: string): PreparedTensor {
  checkAgainstModel(input, shape, where);
  if (flat.length > MAX_ELEMENTS) throw new InputProblem(`${where} has ${flat.length} values; the limit is ${MAX_ELEMENTS}`);
  return { name: input.name, type: input.type, dims: shape, data: flat.map((v, i) => checkElement(v, input.type, `${where} value ${i}`)) };
}

/** The model's tensors for one request, whichever format it came in. */
export function tensorsFor(request: ScoreRequest, inputs: ModelInput[]): PreparedTensor[] {
  if (request.kind === 'v2') return request.inputs.map((t, i) => fromV2(t, i, inputs));
  const single = () => {
    if (inputs.length !== 1) throw new InputProblem(`this model takes ${inputs.length} inputs (${inputs.map((i) => i.name).join(',')}); send them as V2 "inputs" tensors`);
    return inputs[0]!;
  };
  if (request.kind === 'raw') {
    const body = request.body as { data?: unknown } | null;
    if (typeof body !== 'object' || body === null || !('data' in body)) {
      throw new InputProblem('send {"data": [[...], ...]} or Open Inference Protocol {"inputs": [{name, shape, datatype, data}]}');
    }
    const shape = shapeOfRows(body.data, 'data');
    return [prepare(single(), shape, (body.data as unknown[]).flat(), 'data')];
  }
  const names = Object.keys(request.inputs);
  if (names.length !== 1) throw new InputProblem(`Inputs must hold one table for this model, found ${names.length}`);
  const rows = request.inputs[names[0]!]!.map((record) => Object.values(record));
  const shape = shapeOfRows(rows, `Inputs.${names[0]}.Values`);
  return [prepare(single(), shape, rows.flat(), `Inputs.${names[0]}.Values`)];
}

function fromV2(tensor: V2Tensor, index: number, inputs: ModelInput[]): PreparedTensor {
  const where = `inputs[${index}]`;
  const input = inputs.find((i) => i.name === tensor.name);
  if (!input) throw new InputProblem(`${where}.name '${tensor.name}' is not an input of this model (${inputs.map((i) => i.name).join(', ')})`);
  const type = V2_TO_ORT[tensor.datatype];
  if (!type) throw new InputProblem(`${where}.datatype '${tensor.datatype}' is not one of ${Object.keys(V2_TO_ORT).join(', ')}`);
  if (type !== input.type) throw new InputProblem(`${where}.datatype is ${tensor.datatype}; input '${input.name}' takes ${ORT_TO_V2[input.type] ?? input.type}`);
  const count = tensor.shape.reduce((a, b) => a * b, 1);
  if (count > MAX_ELEMENTS) throw new InputProblem(`${where}.shape [${tensor.shape.join(',')}] holds ${count} values; the limit is ${MAX_ELEMENTS}`);
  const nested = tensor.data.some(Array.isArray);
  if (!nested && tensor.data.length !== count) {
    throw new InputProblem(`${where}.data has ${tensor.data.length} values; shape [${tensor.shape.join(',')}] needs ${count}`);
  }
  const flat = nested ? flattenChecked(tensor.data, tensor.shape, `${where}.data`) : tensor.data;
  return prepare(input, tensor.shape, flat, `${where}.data`);
}

const plain = (v: number | bigint | boolean) => (typeof v === 'bigint' ? Number(v) : v);

function nest(data: unknown[], dims: readonly number[]): unknown {
  if (dims.length <= 1) return data;
  const size = dims.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: dims[0]! }, (_, i) => nest(data.slice(i * size, (i + 1) * size), dims.slice(1)));
}

/** Shapes the outputs the way the request came in: V2 tensors, `{name: nested arrays}`, or RRS records. */
export function outputsFor(request: ScoreRequest, modelName: string, outputs: Record<string, OnnxTensorLike>): Scored {
  const entries = Object.entries(outputs).map(([name, t]) => ({ name, tensor: t, data: Array.from(t.data, plain) }));
  if (request.kind === 'v2') {
    return {
      ok: true,
      output: {
        model_name: modelName,
        outputs: entries.map((e) => ({ name: e.name, datatype: ORT_TO_V2[e.tensor.type] ?? e.tensor.type, shape: [...e.tensor.dims], data: e.data })),
      },
    };
  }
  if (request.kind === 'raw') return { ok: true, output: Object.fromEntries(entries.map((e) => [e.name, nest(e.data, e.tensor.dims)])) };
  const rowCount = entries[0]?.tensor.dims[0] ?? 0;
  const records = Array.from({ length: rowCount }, (_, row) => {
    const record: Record<string, unknown> = {};
    for (const e of entries) {
      const width = e.tensor.dims.slice(1).reduce((a, b) => a * b, 1);
      if (e.tensor.dims.length <= 1) record[e.name] = e.data[row];
      else for (let j = 0; j < width; j++) record[`${e.name}.${j}`] = e.data[row * width + j];
    }
    return record;
  });
  return { ok: true, output: { output1: records } };
}

/** The schema an Onnx endpoint publishes, read from the model's own input metadata. */
export function onnxSchema(inputs: ModelInput[], outputNames: string[]): DeclaredSchema {
  const sampleShape = (input: ModelInput) => input.shape.map((d) => d ?? 1);
  const sampleData = (input: ModelInput) => {
    const shape = sampleShape(input);
    return Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (input.type === 'bool' ? false : 0));
  };
  return {
    inputs: inputs.map((i) => ({ name: i.name, datatype: ORT_TO_V2[i.type] ?? i.type, shape: i.shape.map((d) => d ?? -1) })),
    outputs: outputNames.map((name) => ({ name })),
    sampleRequest: { inputs: inputs.map((i) => ({ name: i.name, shape: sampleShape(i), datatype: ORT_TO_V2[i.type] ?? i.type, data: sampleData(i) })) },
  };
}
