/**
 * A scoring call as the gateway hands it to a pool: the body's text, not parsed. The replica side parses it once
 * (a worker replica on its own thread, off the HTTP thread), so the HTTP thread never parses, copies a tree of
 * objects to another thread, or stringifies an answer. `undefined` text: the call had no body at all.
 */
export interface ScoreCall {
  text: string | undefined;
  /** Called at the classic RRS address: the body must be RRS tables. */
  tablesOnly: boolean;
  /** RRS answers with ColumnTypes (`?details=true`). */
  details: boolean;
  /** RRS answers with rows as objects (`?format=swagger`): `{"Results": {"output1": [{col: value}]}}`. */
  records: boolean;
}

/** A call as it is posted to a worker replica: flat (a nested object costs the structured clone more per call). */
export interface WorkerCall extends ScoreCall {
  id: number;
}

/**
 * What a replica's model or driver is given, parsed and checked for shape:
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

/** A failure with the HTTP status and code the caller should see. */
export type ScoreFailure = { ok: false; status: number; code: string; message: string };

/** What a model or driver produced for a request, before it is written as the answer. */
export type Scored = { ok: true; output: unknown } | ScoreFailure;

/** A replica's answer as the caller gets it: the JSON text of the answer, or a failure. */
export type ScoreResult = { ok: true; text: string } | ScoreFailure;

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

export function inputError(message: string): ScoreFailure {
  return { ok: false, status: 400, code: 'InputParseError', message };
}

/** What a driver's run() is given for a request: the raw body, RRS records, or V2 tensors. */
export function driverInput(request: ScoreRequest): unknown {
  if (request.kind === 'table') return { Inputs: request.inputs, GlobalParameters: request.globalParameters };
  if (request.kind === 'raw') return request.body;
  return { inputs: request.inputs };
}
