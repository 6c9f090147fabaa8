import * as net from 'node:net';
import { API_VERSION } from '../../../src/api/apiVersion';
import type { ServiceProcess } from './serviceProcess';

/** What the connection of a refused upload did: the text it answered, and whether the service ended it. */
export interface RefusedUploadOutcome {
  text: string;
  ended: boolean;
}

const statusLines = (text: string) => text.match(/HTTP\/1\.1 \d{3}/g) ?? [];

/**
 * An asset upload over the limit on a raw socket, chunked (no length), `part` bytes at a time until the service has
 * answered; then the client ends the body and sends its next request (a GET of an unknown asset) on the same
 * connection, as a keep-alive client does. Resolves once the connection answered that request or ended; rejects
 * when it did neither within 10 s (the connection left open and silent).
 */
export function uploadRefusedHalfWay(service: ServiceProcess, partBytes: number): Promise<RefusedUploadOutcome> {
  const { port } = new URL(service.url);
  const part = Buffer.alloc(partBytes, 7);
  const chunk = `${part.length.toString(16)}\r\n${part.toString('latin1')}\r\n`;
  const auth = `Host: 127.0.0.1\r\nAuthorization: Bearer ${service.token}\r\n`;
  return new Promise((resolve, reject) => {
    let text = '';
    let answered = false;
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(`POST ${service.account.basePath}/assets?name=big.bin&api-version=${API_VERSION} HTTP/1.1\r\n${auth}Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}`);
      const more = setInterval(() => {
        if (answered || socket.destroyed) clearInterval(more);
        else socket.write(chunk);
      }, 20);
    });
    socket.on('data', (c: Buffer) => {
      text += c.toString('utf8');
      if (!answered && statusLines(text).length === 1 && text.endsWith('}')) {
        answered = true;
        socket.write(`0\r\n\r\nGET ${service.account.basePath}/assets/00000000-0000-0000-0000-000000000000?api-version=${API_VERSION} HTTP/1.1\r\n${auth}\r\n`);
      }
      if (statusLines(text).length === 2 && text.endsWith('}')) {
        socket.destroy();
        resolve({ text, ended: false });
      }
    });
    socket.on('end', () => resolve({ text, ended: true }));
    socket.on('error', (error) => (text ? resolve({ text, ended: true }) : reject(error)));
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`the connection neither answered the next request nor ended; it had answered: ${text}`));
    });
  });
}
