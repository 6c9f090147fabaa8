import { onnx } from 'onnx-proto';

const { DataType, DataLocation } = onnx.TensorProto;
const vector = { tensorType: { elemType: DataType.FLOAT, shape: { dim: [{ dimValue: 2 }] } } };

/**
 * An ONNX model computing y = x + W for float x[2], W = [1, 2]. With `externalWeights`, W is not in the file: the
 * model names where its bytes are (ONNX external data), which a model may use to point outside its folder.
 */
export function addModel(externalWeights?: string): Buffer {
  const weights = externalWeights
    ? {
        name: 'W',
        dataType: DataType.FLOAT,
        dims: [2],
        dataLocation: DataLocation.EXTERNAL,
        externalData: [
          { key: 'location', value: externalWeights },
          { key: 'offset', value: '0' },
          { key: 'length', value: '8' },
        ],
      }
    : { name: 'W', dataType: DataType.FLOAT, dims: [2], floatData: [1, 2] };
  const graph = {
    name: 'add',
    initializer: [weights],
    node: [{ name: 'add', opType: 'Add', input: ['x', 'W'], output: ['y'] }],
    input: [{ name: 'x', type: vector }],
    output: [{ name: 'y', type: vector }],
  };
  return Buffer.from(onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 13 }], graph }).finish());
}
