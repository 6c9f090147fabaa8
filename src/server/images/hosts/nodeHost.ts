/**
 * The Node host shipped inside Node and Onnx images (serve/modelbay_host.js): what the container runs. It loads
 * the driver module (init/run, run may be async) or, for Onnx, the registered .onnx model with onnxruntime-node,
 * and answers POST /score with the run's JSON.
 */
export const NODE_HOST = String.raw`'use strict';
// Modelbay Node host: answers POST /score on port 5001 (or argv[3]) with a Node driver or an ONNX model.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const imageDir = path.dirname(__dirname);
const spec = JSON.parse(fs.readFileSync(path.join(imageDir, 'modelbay-image.json'), 'utf8'));
process.env.MODELBAY_MODEL_DIR = process.env.MODELBAY_MODEL_DIR || path.join(imageDir, 'models');

async function loadNodeDriver() {
  const driver = require(path.join(imageDir, 'app', spec.driverProgram));
  if (typeof driver.run !== 'function') throw new Error(spec.driverProgram + ' exports no run(input) function');
  if (typeof driver.init === 'function') await driver.init();
  return (input) => driver.run(input);
}

async function loadOnnxModel() {
  const ort = require('onnxruntime-node');
  const model = spec.models.find((m) => m.files.some((f) => f.endsWith('.onnx')));
  if (!model) throw new Error('the image holds no .onnx model');
  const file = path.join(imageDir, model.files.find((f) => f.endsWith('.onnx')));
  const session = await ort.InferenceSession.create(file, { intraOpNumThreads: 1 });
  return async (input) => {
    const feeds = {};
    if (Array.isArray(input.inputs)) {
      for (const t of input.inputs) feeds[t.name] = new ort.Tensor('float32', Float32Array.from(t.data.flat(Infinity)), t.shape);
    } else {
      const rows = input.data;
      feeds[session.inputNames[0]] = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, rows[0].length]);
    }
    const results = await session.run(feeds);
    const outputs = {};
    for (const name of session.outputNames) outputs[name] = Array.from(results[name].data, (v) => (typeof v === 'bigint' ? Number(v) : v));
    return outputs;
  };
}

async function main() {
  const run = spec.runtimeType === 'Onnx' ? await loadOnnxModel() : await loadNodeDriver();
  const port = Number(process.argv[3] || 5001);
  http
    .createServer((req, res) => {
      const answer = (status, body) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET') return answer(200, { status: 'Healthy' });
      if (req.method !== 'POST' || req.url.split('?')[0] !== '/score') return answer(404, { code: 'RouteNotFound', message: 'POST /score' });
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        try {
          answer(200, await run(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        } catch (error) {
          answer(500, { code: 'DriverError', message: String(error && error.message ? error.message : error) });
        }
      });
    })
    .listen(port, '0.0.0.0');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;
