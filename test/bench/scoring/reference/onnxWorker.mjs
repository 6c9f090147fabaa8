// Reference B's worker: loads the model once, then runs one inference per message.
import { parentPort, workerData } from 'node:worker_threads';
import ort from 'onnxruntime-node';

const session = await ort.InferenceSession.create(workerData.model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
parentPort.postMessage({ id: 0, ready: true });
parentPort.on('message', ({ id, rows }) => {
  const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 4]);
  session.run({ input }).then(
    (out) => {
      const probabilities = Array.from(out.probabilities.data);
      const answer = { label: Array.from(out.label.data, Number), probabilities: rows.map((_, i) => probabilities.slice(i * 3, i * 3 + 3)) };
      parentPort.postMessage({ id, status: 200, answer });
    },
    (error) => parentPort.postMessage({ id, status: 400, answer: { message: String(error) } }),
  );
});
