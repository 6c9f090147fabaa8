import { promises as fs } from 'node:fs';
import type { BuildLogFeed } from './buildLogFeed';
import type { FollowStream, StreamLine } from './followStream';

const CHUNK_BYTES = 64 * 1024;
/** A build on another instance (shared store) sends no notice here: its state is read this often. */
const POLL_MS = 2000;

/** A line of the build log file (`<ISO time> <text>`) as the stream writes it. */
export function buildLogLine(text: string): StreamLine {
  const space = text.indexOf(' ');
  const time = space > 0 ? text.slice(0, space) : '';
  return { text, json: JSON.stringify({ time, text: space > 0 ? text.slice(space + 1) : text }) };
}

export interface BuildToFollow {
  imageId: string;
  file: string;
  feed: BuildLogFeed;
  /** True once the build has ended (Succeeded, Failed) or the image is gone: read from the store. */
  hasEnded: () => Promise<boolean>;
  /** Where a failure of this reader is reported (the stream then ends). */
  onError: (error: unknown) => void;
}

/**
 * Writes an image's build log to a follow stream: what the file holds, then what is appended to it, until the
 * build ends and the file has been read to its end. Whole lines only; read from the file in chunks, each written
 * once the client has read the one before, so a slow client holds the reader rather than a buffer.
 */
export function followBuildLog(build: BuildToFollow, stream: FollowStream): void {
  let offset = 0;
  let ended = false;
  let reading: Promise<void> | undefined;
  let again = false;

  const readToEnd = async () => {
    const handle = await fs.open(build.file, 'r').catch(() => undefined); // no file yet: the build has not started
    try {
      while (handle && !stream.closed) {
        const buffer = Buffer.alloc(CHUNK_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, offset);
        if (bytesRead === 0) break;
        const lastNewline = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
        // A line still being written waits for its end, unless it alone is longer than a chunk.
        const usable = lastNewline >= 0 ? lastNewline + 1 : bytesRead === CHUNK_BYTES ? bytesRead : 0;
        if (usable === 0) break;
        offset += usable;
        const lines = buffer.subarray(0, usable).toString('utf8').split('\n').filter((l) => l.length > 0).map(buildLogLine);
        if (!stream.write(lines)) await stream.drained();
      }
    } finally {
      await handle?.close();
    }
  };
  const wake = () => {
    if (reading) {
      again = true;
      return;
    }
    reading = (async () => {
      do {
        again = false;
        const endedBefore = ended;
        await readToEnd();
        // Ended before this read began: everything the build wrote has now been sent.
        if (endedBefore) stream.end();
      } while (again && !stream.closed);
    })()
      .catch((error: unknown) => {
        build.onError(error);
        stream.end('the build log could not be read');
      })
      .finally(() => {
        reading = undefined;
      });
  };
  const finish = () => {
    ended = true;
    wake();
  };
  const unsubscribe = build.feed.subscribe(build.imageId, { wake, end: finish });
  const poll = setInterval(() => {
    build.hasEnded().then((yes) => (yes ? finish() : wake()), build.onError);
  }, POLL_MS).unref();
  stream.onGone(() => {
    unsubscribe();
    clearInterval(poll);
  });
  // Listening before the state is read: an end between the two is not missed.
  build.hasEnded().then((yes) => (yes ? finish() : wake()), (error: unknown) => {
    build.onError(error);
    stream.end('the build could not be read');
  });
}
