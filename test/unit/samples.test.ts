import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnx } from 'onnx-proto';

const SAMPLES = path.resolve(__dirname, '../../samples');
const HASHING_DIR = path.join(SAMPLES, 'feature-hashing');
const ONNX_DIR = path.join(SAMPLES, 'onnx-classifier');

/** What score.js exports (it is plain CommonJS without type declarations). */
interface NodeDriver {
  init(): void;
  run(input: unknown): unknown;
  schema: unknown;
  murmur3(data: string | Uint8Array, seed?: number): number;
}
const nodeDriver = createRequire(__filename)(path.join(HASHING_DIR, 'score.js')) as NodeDriver;

interface PythonCall {
  kind: 'murmur' | 'run' | 'schema';
  hex?: string;
  seed?: number;
  raw?: string;
}
type PythonAnswer = { ok: unknown } | { error: string };

// Imports score.py like the Python host does, calls init() once, then answers each call; errors come back as
// "ValueError: message" so the tests can check the message without parsing tracebacks.
const PYTHON_RUNNER = String.raw`
import json, sys
sys.path.insert(0, sys.argv[1])
import score
try:
    score.init()
except Exception as error:
    print(json.dumps({"initError": type(error).__name__ + ": " + str(error)}))
    sys.exit(0)
answers = []
for call in json.load(sys.stdin):
    try:
        if call["kind"] == "murmur":
            answers.append({"ok": score.murmur3_32(bytes.fromhex(call["hex"]), call["seed"])})
        elif call["kind"] == "schema":
            answers.append({"ok": score.SCHEMA})
        else:
            answers.append({"ok": score.run(call["raw"])})
    except Exception as error:
        answers.append({"error": type(error).__name__ + ": " + str(error)})
print(json.dumps({"answers": answers}))
`;

// -B: importing score.py must not leave a __pycache__ folder in samples/.
function python(calls: PythonCall[], properties?: string): { initError?: string; answers?: PythonAnswer[] } {
  const env = { ...process.env };
  if (properties === undefined) delete env.MODELBAY_PROPERTIES;
  else env.MODELBAY_PROPERTIES = properties;
  const child = spawnSync('python3', ['-B', '-c', PYTHON_RUNNER, HASHING_DIR], { input: JSON.stringify(calls), env, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { initError?: string; answers?: PythonAnswer[] };
}

function pythonAnswers(calls: PythonCall[], properties?: string): PythonAnswer[] {
  const result = python(calls, properties);
  assert.equal(result.initError, undefined);
  return result.answers!;
}

/** Runs fn with MODELBAY_PROPERTIES set (or unset) and score.js re-initialised, then restores the default. */
function withNodeProperties<T>(properties: string | undefined, fn: () => T): T {
  const saved = process.env.MODELBAY_PROPERTIES;
  try {
    if (properties === undefined) delete process.env.MODELBAY_PROPERTIES;
    else process.env.MODELBAY_PROPERTIES = properties;
    nodeDriver.init();
    return fn();
  } finally {
    if (saved === undefined) delete process.env.MODELBAY_PROPERTIES;
    else process.env.MODELBAY_PROPERTIES = saved;
    nodeDriver.init();
  }
}

const nodeRun = (input: unknown, properties?: string): unknown => withNodeProperties(properties, () => nodeDriver.run(input));

// "This is a good day": this -> 6, is -> 5, a -> 2, good -> 1, day -> 5 (README.md shows the hashes).
const GOOD_DAY_COUNTS = [0, 1, 1, 0, 0, 2, 1, 0];
const GOOD_DAY_RECORD = Object.fromEntries(GOOD_DAY_COUNTS.map((count, i) => [`HashingFeature.${i}`, count]));

describe('feature-hashing sample', () => {
  const vectors: Array<[Uint8Array, number, number]> = [
    [Buffer.from(''), 0, 0],
    [Buffer.from('hello'), 0, 0x248bfa47],
    [Buffer.from('The quick brown fox jumps over the lazy dog'), 0, 0x2e4ff723],
    [Buffer.from(''), 1, 0x514e28b7],
    [Buffer.from(''), 0xffffffff, 0x81f16f39],
    [Buffer.from([0, 0, 0, 0]), 0, 0x2362f9de],
    [Buffer.from([0x21, 0x43, 0x65, 0x87]), 0, 0xf55b516b],
    [Buffer.from([0x21, 0x43, 0x65]), 0, 0x7e4a8634],
    [Buffer.from([0x21, 0x43]), 0, 0xa0f7b07a],
    [Buffer.from([0x21]), 0, 0x72661cf4],
    [Buffer.from('aaaa'), 0x9747b28c, 0x5a97808a],
    [Buffer.from('Hello, world!'), 0x9747b28c, 0x24884cba],
    [Buffer.from('test'), 0, 0xba6bd213],
  ];

  it('MurmurHash3 x86 32-bit matches the known vectors in Node', () => {
    for (const [bytes, seed, expected] of vectors) {
      assert.equal(nodeDriver.murmur3(bytes, seed), expected, `${Buffer.from(bytes).toString('hex')} seed ${seed}`);
    }
    assert.equal(nodeDriver.murmur3('hello'), 0x248bfa47, 'a string is hashed as its UTF-8 bytes');
  });

  it('MurmurHash3 x86 32-bit matches the known vectors in Python', () => {
    const answers = pythonAnswers(vectors.map(([bytes, seed]) => ({ kind: 'murmur', hex: Buffer.from(bytes).toString('hex'), seed })));
    assert.deepEqual(answers, vectors.map(([, , expected]) => ({ ok: expected })));
  });

  it('gives the documented counts for "This is a good day" in both forms, in both languages', () => {
    const records = { Inputs: { input1: [{ text: 'This is a good day' }] }, GlobalParameters: {} };
    const raw = { data: ['This is a good day'] };
    const recordsAnswer = { output1: [GOOD_DAY_RECORD] };
    const rawAnswer = { result: [GOOD_DAY_COUNTS] };
    // JSON.stringify also checks that the record's keys come in column order.
    assert.equal(JSON.stringify(nodeRun(records)), JSON.stringify(recordsAnswer));
    assert.equal(JSON.stringify(nodeRun(raw)), JSON.stringify(rawAnswer));
    const [fromRecords, fromRaw] = pythonAnswers([
      { kind: 'run', raw: JSON.stringify(records) },
      { kind: 'run', raw: JSON.stringify(raw) },
    ]);
    assert.equal(JSON.stringify(fromRecords), JSON.stringify({ ok: recordsAnswer }));
    assert.equal(JSON.stringify(fromRaw), JSON.stringify({ ok: rawAnswer }));
  });

  it('publishes the same schema from both drivers', () => {
    const columns = GOOD_DAY_COUNTS.map((_, i) => ({ name: `HashingFeature.${i}`, type: 'Int64' }));
    const expected = {
      inputs: { input1: { columns: [{ name: 'text', type: 'String' }] } },
      outputs: { output1: { columns } },
      sampleRequest: { Inputs: { input1: [{ text: 'This is a good day' }] }, GlobalParameters: {} },
    };
    assert.deepEqual(nodeDriver.schema, expected);
    assert.deepEqual(pythonAnswers([{ kind: 'schema' }]), [{ ok: expected }]);
  });

  it('answers identically in Python and Node for varied texts', () => {
    const texts = [
      '', ' ', 'This is a good day', 'THIS IS A GOOD DAY', 'this,is;a.good!day?', 'Hello, World! Hello again.',
      'R2-D2 and C-3PO in 1977', '3.14159 is pi; 2.71828 is e', 'e-mail: someone@example.com', 'tabs\tand\nnewlines\r\n',
      'naïve café résumé', '日本語のテキスト and English', 'emoji 😀 between 🎉 words', 'İstanbul ıs dotless',
      'Kelvin \u212A sign', 'ﬁne ligature', 'under_score-dash/slash', 'aaaa aaaa aaaa aaaa bbbb', 'x'.repeat(1000),
      'The quick brown fox jumps over the lazy dog', '0 00 000 0000 00000', 'MiXeD CaSe WoRdS',
    ];
    const records = [
      { Inputs: { input1: texts.map((text) => ({ text })) }, GlobalParameters: {} },
      // No "text" column: the first string column is used, in JavaScript's key order (index-like keys first).
      { Inputs: { input1: [{ id: 7, body: 'Hello there' }, { title: 'alpha', '10': 'beta gamma', '2': 'delta' }] } },
    ];
    const requests: unknown[] = [{ data: texts }, ...records];
    const fromPython = pythonAnswers(requests.map((request) => ({ kind: 'run', raw: JSON.stringify(request) })));
    requests.forEach((request, i) => {
      assert.equal(JSON.stringify(fromPython[i]), JSON.stringify({ ok: nodeRun(request) }), JSON.stringify(request).slice(0, 80));
    });
    // Non-ASCII letters never join a token, even those whose Unicode lower case is ASCII (Kelvin sign -> k).
    assert.deepEqual(nodeRun({ data: ['Kelvin \u212A sign', 'İ'] }), nodeRun({ data: ['Kelvin sign', ''] }));
    const picked = nodeRun(records[1]);
    const asText = nodeRun({ Inputs: { input1: [{ text: 'Hello there' }, { text: 'delta' }] } });
    assert.deepEqual(picked, asText);
  });

  it('takes hashingBitsize from MODELBAY_PROPERTIES: 4 gives 16 columns', () => {
    const properties = JSON.stringify({ hashingBitsize: '4', other: 'ignored' });
    const request = { Inputs: { input1: [{ text: 'This is a good day' }, { text: 'The quick brown fox' }] } };
    const node = nodeRun(request, properties) as { output1: Array<Record<string, number>> };
    const names = Array.from({ length: 16 }, (_, i) => `HashingFeature.${i}`);
    assert.deepEqual(Object.keys(node.output1[0]!), names);
    // this 0x0142984e, is 0x7882356d, a 0x3c2569b2, good 0x06e18041, day 0xe0fe498d -> mod 16: 14, 13, 2, 1, 13.
    assert.deepEqual(Object.values(node.output1[0]!), [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0]);
    const [fromPython, schema] = pythonAnswers([{ kind: 'run', raw: JSON.stringify(request) }, { kind: 'schema' }], properties);
    assert.equal(JSON.stringify(fromPython), JSON.stringify({ ok: node }));
    const schemaColumns = (schema as { ok: { outputs: { output1: { columns: Array<{ name: string }> } } } }).ok.outputs.output1.columns;
    assert.deepEqual(schemaColumns.map((c) => c.name), names);
    withNodeProperties(properties, () => assert.equal(JSON.stringify(nodeDriver.schema), JSON.stringify((schema as { ok: unknown }).ok)));
  });

  it('refuses a bad hashingBitsize with an error naming the property', () => {
    for (const properties of ['{"hashingBitsize": "0"}', '{"hashingBitsize": "17"}', '{"hashingBitsize": "three"}', '{"hashingBitsize": 4}', '{"hashingBitsize": "4.5"}']) {
      assert.throws(() => withNodeProperties(properties, () => undefined), /hashingBitsize in MODELBAY_PROPERTIES must be an integer from 1 to 16/, properties);
      assert.match(python([], properties).initError ?? '', /^ValueError: property hashingBitsize in MODELBAY_PROPERTIES must be an integer from 1 to 16/, properties);
    }
    for (const properties of ['not json', '["hashingBitsize"]']) {
      assert.throws(() => withNodeProperties(properties, () => undefined), /MODELBAY_PROPERTIES/, properties);
      assert.match(python([], properties).initError ?? '', /^ValueError: MODELBAY_PROPERTIES/, properties);
    }
  });

  it('refuses bad inputs with errors that name what is wrong, the same in both languages', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ Inputs: { input1: [{ text: 'ok' }, { text: 'ok' }, { text: 42 }] } }, /^Inputs\.input1\[2\]\.text must be a string$/],
      [{ Inputs: { input1: [{ id: 1, score: 2.5 }] } }, /^Inputs\.input1\[0\] has no text column/],
      [{ Inputs: { input1: ['just a string'] } }, /^Inputs\.input1\[0\] must be an object/],
      [{ Inputs: { input2: [] } }, /^Inputs\.input1 is missing$/],
      [{ Inputs: { input1: { text: 'x' } } }, /^Inputs\.input1 must be a list of records$/],
      [{ Inputs: [] }, /^Inputs must be an object/],
      [{ data: ['fine', null] }, /^data\[1\] must be a string$/],
      [{ data: 'not a list' }, /^data must be a list of strings$/],
      [{ data: [], Inputs: {} }, /both 'Inputs' and 'data'/],
      [{ GlobalParameters: {} }, /must have 'Inputs' \(records form\) or 'data' \(raw form\)/],
      [['a list'], /must be a JSON object/],
      ['a string', /must be a JSON object/],
      [null, /must be a JSON object/],
    ];
    const fromPython = pythonAnswers(cases.map(([request]) => ({ kind: 'run', raw: JSON.stringify(request) })));
    cases.forEach(([request, message], i) => {
      // statusCode 400 makes the Node runtime answer 400 (the caller's fault) rather than 500.
      assert.throws(() => nodeRun(request), (error: Error & { statusCode?: number }) => message.test(error.message) && error.statusCode === 400, JSON.stringify(request));
      const error = (fromPython[i] as { error?: string }).error ?? '';
      assert.ok(error.startsWith('ValueError: '), JSON.stringify(fromPython[i]));
      assert.match(error.slice('ValueError: '.length), message, JSON.stringify(request));
    });
    const [notJson] = pythonAnswers([{ kind: 'run', raw: '{"data": [' }]);
    assert.match((notJson as { error: string }).error, /^ValueError: the request body is not valid JSON/);
  });
});

interface Expected {
  inputs: number[][];
  probabilities: number[][];
  label: number[];
}

describe('onnx-classifier sample', () => {
  const committed = path.join(ONNX_DIR, 'iris-classifier.onnx');
  const expected = JSON.parse(fs.readFileSync(path.join(ONNX_DIR, 'expected.json'), 'utf8')) as Expected;

  it('make-model.js regenerates the committed model byte for byte', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modelbay-onnx-'));
    try {
      const out = path.join(dir, 'model.onnx');
      const child = spawnSync(process.execPath, [path.join(ONNX_DIR, 'make-model.js'), out], { encoding: 'utf8' });
      assert.equal(child.status, 0, child.stderr);
      assert.ok(fs.readFileSync(out).equals(fs.readFileSync(committed)), 'regenerated model differs from the committed one');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('declares its versions, classes and signature', () => {
    const model = onnx.ModelProto.decode(fs.readFileSync(committed));
    assert.equal(Number(model.irVersion), 8);
    assert.deepEqual(model.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 13]]);
    assert.deepEqual(model.metadataProps.map((p) => [p.key, p.value]), [['modelbay.classes', 'setosa,versicolor,virginica']]);
    assert.ok(model.docString.length > 0);
    const graph = model.graph!;
    const inputs = graph.input ?? [];
    assert.deepEqual((graph.node ?? []).map((n) => n.opType), ['MatMul', 'Add', 'Softmax', 'ArgMax']);
    assert.deepEqual(inputs.map((i) => i.name), ['input']);
    assert.deepEqual((graph.output ?? []).map((o) => o.name), ['probabilities', 'label']);
    assert.equal(inputs[0]?.type?.tensorType?.shape?.dim?.[0]?.dimParam, 'N');
  });

  it('runs in onnxruntime-node and gives the hand-computed answers', async () => {
    const session = await ort.InferenceSession.create(committed, { intraOpNumThreads: 1 });
    const rows = expected.inputs;
    const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 4]);
    const results = await session.run({ input });
    const probabilities = results.probabilities!;
    const label = results.label!;
    assert.deepEqual(probabilities.dims, [rows.length, 3]);
    assert.deepEqual(label.dims, [rows.length]);
    assert.ok(label.data instanceof BigInt64Array);
    assert.deepEqual(Array.from(label.data), expected.label.map((l) => BigInt(l)));
    const flat = Array.from(probabilities.data as Float32Array);
    expected.probabilities.flat().forEach((p, i) => {
      assert.ok(Math.abs(flat[i]! - p) <= 1e-4, `probabilities[${Math.floor(i / 3)}][${i % 3}] = ${flat[i]}, expected ${p}`);
    });
  });
});
