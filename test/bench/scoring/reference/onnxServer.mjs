// Reference B, the smallest honest scoring server: node:http on the main thread, onnxruntime in one worker thread
// (inference blocks its thread, so it must not run on the HTTP one), one postMessage each way per call. It parses
// the JSON body, checks it has rows, and answers {label, probabilities} like a Modelbay raw call.
// Usage: node onnxServer.mjs <model.onnx>
import * as http from 'node:http';
import { Worker } from 'node:worker_threads';

const worker = new Worker(new URL('./onnxWorker.mjs', import.meta.url), { workerData: { model: process.argv[2] } });
const pending = new Map();
let nextId = 1;
worker.on('message', ({ id, status, answer }) => {
  if (id === 0) return; // the worker's "model loaded"
  const response = pending.get(id);
  pending.delete(id);
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(answer));
});

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let rows;
    try {
      rows = JSON.parse(Buffer.concat(chunks).toString('utf8')).data;
    } catch {
      rows = undefined;
    }
    if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row) && row.length === 4)) {
      response.writeHead(400, { 'Content-Type': 'application/json' });
      response.end('{"message":"send {\\"data\\": [[4 numbers], ...]}"}');
      return;
    }
    const id = nextId++;
    pending.set(id, response);
    worker.postMessage({ id, rows });
  });
});
server.keepAliveTimeout = 30_000;
worker.once('message', () => server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`)));
