/**
 * What the gateway hands a replica, already parsed and checked for shape:
 * - raw: the JSON body as the caller sent it (drivers get it as is; Onnx reads `{"data": [[...]]}`);
 * - v2: Open Inference Protocol tensors (Onnx);
 * - table: the classic RRS table format turned into records per input, answered as records per output.
 */
export type ScoreRequest =
  | { kind: 'raw'; body: unknown }
  | { kind: 'v2'; inputs: V2Tensor[] }
  | { kind: 'table'; inputs: Record<string, Record<string, unknown>[]>; globalParameters: Record<string, unknown> };

export interface V2Tensor {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
}

/** A replica's answer: the output, or a failure with the HTTP status and code the caller should see. */
export type ScoreResult =
  | { ok: true; output: unknown }
  | { ok: false; status: number; code: string; message: string };

/** What a driver or model says it takes (published by the schema route). */
export interface DeclaredSchema {
  inputs: unknown;
  outputs?: unknown;
  sampleRequest?: unknown;
}

/** Messages between the pool and a replica (worker thread or child process). */
export type ReplicaMessage =
  | { type: 'ready'; schema?: DeclaredSchema }
  | { type: 'initFailed'; message: string }
  | ({ type: 'result'; id: number } & ScoreResult);

export function inputError(message: string): ScoreResult {
  return { ok: false, status: 400, code: 'InputParseError', message };
}

/** What a driver's run() is given for a request: the raw body, RRS records, or V2 tensors. */
export function driverInput(request: ScoreRequest): unknown {
  if (request.kind === 'table') return { Inputs: request.inputs, GlobalParameters: request.globalParameters };
  if (request.kind === 'raw') return request.body;
  return { inputs: request.inputs };
}
