import type { DeclaredSchema } from '../runtime/scoreRequest';

const NUMERIC = new Set(['int32', 'int64', 'integer', 'double', 'float', 'numeric', 'number']);
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

type Cell = (text: string) => unknown;

const asText: Cell = (text) => text;
const asNumber: Cell = (text) => (text === '' ? null : NUMBER.test(text.trim()) ? Number(text) : text);
const asBoolean: Cell = (text) => (/^true$/i.test(text) ? true : /^false$/i.test(text) ? false : text === '' ? null : text);

/** The column types an input's declared schema gives (`{inputs: {input1: {columns: [{name, type}]}}}`), by name. */
function declaredTypes(schema: DeclaredSchema | undefined, input: string): Map<string, string> {
  const inputs = schema?.inputs as Record<string, { columns?: { name?: unknown; type?: unknown }[] }> | undefined;
  const columns = inputs?.[input]?.columns;
  const types = new Map<string, string>();
  if (Array.isArray(columns)) for (const c of columns) if (typeof c.name === 'string' && typeof c.type === 'string') types.set(c.name, c.type.toLowerCase());
  return types;
}

/**
 * How each CSV cell (always text) reaches the driver: as the type the endpoint's schema declares for its column
 * (numbers for Int64/Double..., booleans for Boolean), numbers for a model run as it is (Onnx takes tensors of
 * numbers), text otherwise. An empty cell of a number column is null.
 */
export function cellReaders(schema: DeclaredSchema | undefined, runtimeType: string, input: string, columns: string[]): Cell[] {
  const types = declaredTypes(schema, input);
  return columns.map((column) => {
    const type = types.get(column);
    if (type === undefined) return runtimeType === 'Onnx' ? asNumber : asText;
    if (NUMERIC.has(type)) return asNumber;
    if (type === 'boolean') return asBoolean;
    return asText;
  });
}
