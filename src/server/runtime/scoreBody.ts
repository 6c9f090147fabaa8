import { parseJsonText } from '../jsonText';
import { inputError, type ScoreCall, type ScoreFailure, type Scored, type ScoreRequest, type ScoreResult } from './scoreRequest';
import { fromRrsBody, fromV2Body, RequestShapeError, toRrsResults, type RrsAnswerShape } from './tableFormat';

/**
 * Deepest nesting a scoring body may have. Far beyond any table or tensor (a 4-D tensor nests 6 deep), and below
 * what a driver can take: Python's json module gives up near 1,000 levels, JavaScript's recursion some thousands.
 */
export const MAX_DEPTH = 512;

const TOO_DEEP: ScoreFailure = {
  ok: false,
  status: 400,
  code: 'InputTooDeep',
  message: `The request body is nested more than ${MAX_DEPTH} levels deep; flatten it.`,
};

/** True when the JSON text opens more than `max` arrays or objects inside each other (strings are skipped). */
export function nestedDeeperThan(text: string, max: number): boolean {
  if (text.length <= max) return false; // too short to open max+1 levels: the common case costs nothing
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

const RRS_NEEDED = 'An RRS call needs {"Inputs": {"input1": {"ColumnNames": [...], "Values": [[...]]}}, "GlobalParameters": {}}.';

/** The request a call's body makes (RRS tables, V2 tensors for Onnx, or raw JSON), or why it is refused. */
export function readCall(call: ScoreCall, runtimeType: string): ScoreRequest | ScoreFailure {
  if (call.text === undefined) {
    return call.tablesOnly ? inputError(RRS_NEEDED) : { kind: 'raw', body: undefined };
  }
  if (nestedDeeperThan(call.text, MAX_DEPTH)) return TOO_DEEP;
  const parsed = parseJsonText(call.text);
  if (!parsed.ok) return { ok: false, status: 400, code: 'InvalidJson', message: parsed.message };
  const body = parsed.value;
  try {
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const fields = body as Record<string, unknown>;
      if ('Inputs' in fields) return fromRrsBody(fields);
      if (!call.tablesOnly && runtimeType === 'Onnx' && 'inputs' in fields) return fromV2Body(fields);
    }
  } catch (error) {
    if (error instanceof RequestShapeError) return inputError(error.message);
    throw error;
  }
  return call.tablesOnly ? inputError(RRS_NEEDED) : { kind: 'raw', body };
}

/** The answer's text: the output as JSON, RRS `Results` for a table request; a 500 if the output cannot be. */
export function writeAnswer(request: ScoreRequest, scored: Scored, shape: RrsAnswerShape): ScoreResult {
  if (!scored.ok) return scored;
  try {
    return { ok: true, text: JSON.stringify(request.kind === 'table' ? toRrsResults(scored.output, shape) : scored.output) ?? 'null' };
  } catch (error) {
    if (error instanceof RequestShapeError) return { ok: false, status: 500, code: 'ModuleExecutionError', message: error.message };
    if (error instanceof RangeError) return { ok: false, status: 500, code: 'ModuleExecutionError', message: "The model's output is nested too deeply to send as JSON." };
    return { ok: false, status: 500, code: 'ModuleExecutionError', message: `The model's output is not JSON: ${(error as Error).message}` };
  }
}

export const isFailure = (value: ScoreRequest | ScoreFailure): value is ScoreFailure => 'ok' in value;
