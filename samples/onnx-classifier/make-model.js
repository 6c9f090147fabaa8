'use strict';
// Writes iris-classifier.onnx: a multinomial logistic-regression classifier for iris-like measurements, built from
// hand-chosen numbers so the repository needs no download and anyone can check its answers by hand (README.md).
// Usage: node samples/onnx-classifier/make-model.js [outFile]
// The output is byte-for-byte deterministic (no timestamps, fixed field order), so a test can regenerate it and
// compare it with the committed file.

const fs = require('node:fs');
const path = require('node:path');
const { onnx } = require('onnx-proto');

const CLASSES = ['setosa', 'versicolor', 'virginica'];
const FEATURES = ['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)'];

// W[feature][class]. Petals tell the species apart: small petals push towards setosa, large ones towards
// virginica; versicolor is the reference class (zero weights), so its logit is its bias alone.
const WEIGHTS = [
  [0.5, 0.0, -0.5],
  [1.0, 0.0, -1.0],
  [-1.0, 0.0, 1.0],
  [-2.0, 0.0, 2.0],
];
const BIAS = [-1.5, 0.0, -2.25];

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

function floatTensor(name, dims, values) {
  return { name, dataType: DataType.FLOAT, dims, floatData: values };
}

function tensorType(elemType, dims) {
  return {
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
    },
  };
}

function intAttribute(name, value) {
  return { name, type: AttributeType.INT, i: value };
}

function buildModel() {
  const graph = {
    name: 'iris_logistic_regression',
    docString: 'probabilities = Softmax(input x W + b); label = ArgMax(input x W + b)',
    initializer: [floatTensor('W', [4, 3], WEIGHTS.flat()), floatTensor('b', [3], BIAS)],
    node: [
      { name: 'matmul', opType: 'MatMul', input: ['input', 'W'], output: ['product'] },
      { name: 'add_bias', opType: 'Add', input: ['product', 'b'], output: ['logits'] },
      { name: 'softmax', opType: 'Softmax', input: ['logits'], output: ['probabilities'], attribute: [intAttribute('axis', -1)] },
      {
        name: 'argmax',
        opType: 'ArgMax',
        input: ['logits'],
        output: ['label'],
        attribute: [intAttribute('axis', 1), intAttribute('keepdims', 0)],
      },
    ],
    input: [{ name: 'input', type: tensorType(DataType.FLOAT, ['N', 4]), docString: FEATURES.join(', ') }],
    output: [
      { name: 'probabilities', type: tensorType(DataType.FLOAT, ['N', 3]), docString: `one per class: ${CLASSES.join(', ')}` },
      { name: 'label', type: tensorType(DataType.INT64, ['N']), docString: 'index of the most likely class' },
    ],
  };
  const model = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'modelbay-samples',
    producerVersion: '1',
    domain: 'ai.modelbay.samples',
    modelVersion: 1,
    docString:
      'Iris-like species classifier (multinomial logistic regression with hand-chosen weights), a Modelbay sample. ' +
      `Input: [N, 4] float32 (${FEATURES.join(', ')}). Outputs: probabilities [N, 3] float32, label [N] int64.`,
    graph,
    metadataProps: [{ key: 'modelbay.classes', value: CLASSES.join(',') }],
  };
  const problem = onnx.ModelProto.verify(model);
  if (problem) throw new Error(`invalid ModelProto: ${problem}`);
  return Buffer.from(onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish());
}

function main() {
  const outFile = process.argv[2] || path.join(__dirname, 'iris-classifier.onnx');
  const bytes = buildModel();
  fs.writeFileSync(outFile, bytes);
  console.log(`wrote ${outFile} (${bytes.length} bytes)`);
}

module.exports = { CLASSES, FEATURES, WEIGHTS, BIAS, buildModel };

if (require.main === module) main();
