import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { onnxModelProblem } from '../../src/server/images/onnxModelCheck';

const IRIS = path.join(__dirname, '..', '..', 'samples', 'onnx-classifier', 'iris-classifier.onnx');

describe('ONNX model check (image build)', () => {
  let folder: string;
  before(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-onnx-check-'));
  });
  after(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });
  const write = async (name: string, bytes: Buffer) => {
    const file = path.join(folder, name);
    await fs.writeFile(file, bytes);
    return file;
  };

  it('accepts a real ONNX model', async () => {
    assert.equal(await onnxModelProblem(IRIS), undefined);
  });

  it('refuses files that are not ONNX models, saying why', async () => {
    const iris = await fs.readFile(IRIS);
    const cases: [string, Buffer, RegExp][] = [
      ['text renamed .onnx', Buffer.from('this is not a model, just some text\n'), /./],
      ['empty file', Buffer.alloc(0), /empty/],
      ['truncated model', iris.subarray(0, iris.length - 7), /past the end|cut off/],
      ['gzip of a model', gzipSync(iris), /./],
      ['JSON', Buffer.from('{"data": [[1, 2, 3, 4]]}'), /./],
      ['model with bytes appended', Buffer.concat([iris, Buffer.from([0xff])]), /cut off|past the end/],
    ];
    for (const [label, bytes, reason] of cases) {
      const problem = await onnxModelProblem(await write(`${label.replace(/\W+/g, '-')}.onnx`, bytes));
      assert.ok(problem, `${label} was taken for an ONNX model`);
      assert.match(problem, reason, label);
    }
  });
});
