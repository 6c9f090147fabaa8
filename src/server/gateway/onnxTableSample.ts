/**
 * An RRS sample for an Onnx endpoint, made from its model's input: a model of one input shaped [rows, n] takes a
 * classic table of n columns (cells in column order), so the sample is one row of n zeros under columns named as the
 * answers name theirs (`<input>.<j>`). Other shapes (several inputs, images) have no table sample: they are sent as
 * V2 tensors, whose sample the schema already gives.
 */
export function onnxTableSample(declaredInputs: unknown): { Inputs: Record<string, unknown>; GlobalParameters: object } | undefined {
  if (!Array.isArray(declaredInputs) || declaredInputs.length !== 1) return undefined;
  const input = declaredInputs[0] as { name?: unknown; shape?: unknown; datatype?: unknown } | null;
  if (typeof input?.name !== 'string' || !Array.isArray(input.shape) || input.shape.length !== 2) return undefined;
  const width: unknown = input.shape[1];
  if (typeof width !== 'number' || !Number.isInteger(width) || width < 1 || width > 1000) return undefined;
  const zero = input.datatype === 'BOOL' ? false : 0;
  const name = input.name;
  return {
    Inputs: { input1: { ColumnNames: Array.from({ length: width }, (_, j) => `${name}.${j}`), Values: [Array.from({ length: width }, () => zero)] } },
    GlobalParameters: {},
  };
}
