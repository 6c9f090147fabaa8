import * as net from 'node:net';

/** A connection the test writes bytes to by hand, and which tells when (and whether) the service closed it. */
export interface RawSocket {
  socket: net.Socket;
  /** Everything the service sent so far. */
  received(): string;
  /** Resolves with the milliseconds from opening to the service closing the connection. */
  closed: Promise<number>;
}

export function openRaw(origin: string): Promise<RawSocket> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const opened = Date.now();
    const socket = net.connect({ host: hostname, port: Number(port) });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a reset by the service is a close like any other
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - opened)));
    socket.once('connect', () => resolve({ socket, received: () => text, closed }));
    socket.once('error', reject);
  });
}

/** Opens `count` connections, `batch` at a time (so the test's own file descriptors and the listen backlog keep up). */
export async function openMany(origin: string, count: number, batch = 100): Promise<RawSocket[]> {
  const all: RawSocket[] = [];
  for (let i = 0; i < count; i += batch) all.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, () => openRaw(origin)))));
  return all;
}

/** Sends one request by hand and reads the status line of the answer (the connection is closed after). */
export async function rawRequest(origin: string, head: string, body = ''): Promise<{ status: number; text: string }> {
  const raw = await openRaw(origin);
  raw.socket.write(`${head}\r\n\r\n${body}`);
  const deadline = setTimeout(() => raw.socket.destroy(), 15_000);
  await Promise.race([raw.closed, new Promise<void>((resolve) => raw.socket.on('data', () => /\r\n\r\n/.test(raw.received()) && setTimeout(resolve, 50)))]);
  clearTimeout(deadline);
  raw.socket.destroy();
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(raw.received())?.[1] ?? 0);
  return { status, text: raw.received() };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
