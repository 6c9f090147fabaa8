// The worker side of the hand-off bench: takes a request by the chosen mode, does what a replica would do with
// it (have the parsed body), and answers a small JSON result the same way.
import { parentPort, workerData } from 'node:worker_threads';
import { openRing } from './ring';

const data = workerData as { mode: string; toWorker: SharedArrayBuffer; toMain: SharedArrayBuffer };
const port = parentPort!;

const ANSWER = { label: [0], probabilities: [[0.9398284554481506, 0.06008122116327286, 0.00009032846719492227]] };
const answerFor = (body: { data: unknown[] }) => ({ ...ANSWER, rows: body.data.length });

if (data.mode === 'ring') {
  const inbox = openRing(data.toWorker);
  const outbox = openRing(data.toMain);
  inbox.onMessages((id, text) => outbox.send(id, JSON.stringify(answerFor(JSON.parse(text) as { data: unknown[] }))));
  port.on('message', () => undefined); // a pending Atomics.waitAsync does not keep a thread alive; a port does
} else {
  port.on('message', (message: { id: number; body: { data: unknown[] }; text: string; bytes: ArrayBuffer }) => {
    const { id } = message;
    if (data.mode === 'clone') port.postMessage({ id, output: answerFor(message.body) });
    else if (data.mode === 'string') port.postMessage({ id, text: JSON.stringify(answerFor(JSON.parse(message.text) as { data: unknown[] })) });
    else {
      const body = JSON.parse(Buffer.from(message.bytes).toString('utf8')) as { data: unknown[] };
      const out = Buffer.from(JSON.stringify(answerFor(body)));
      const bytes = out.buffer.slice(out.byteOffset, out.byteOffset + out.length);
      port.postMessage({ id, bytes }, [bytes]);
    }
  });
}
