// A single-producer single-consumer ring of messages in a SharedArrayBuffer, for the hand-off bench: each frame is
// [length, id] then the UTF-8 bytes; the consumer sleeps on a doorbell (Atomics.waitAsync) and drains all frames.
/** Atomics.waitAsync (ES2024; Node 16+), typed here because the project's lib is ES2022. */
const waitAsync = (array: Int32Array, index: number, value: number) =>
  (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> | string } }).waitAsync(array, index, value);

const HEAD = 16; // Int32 slots: 0 write offset, 1 read offset, 2 doorbell
const FRAME = 8;

export interface Ring {
  send(id: number, text: string): boolean;
  onMessages(handle: (id: number, text: string) => void): void;
}

export function createRing(bytes: number): SharedArrayBuffer {
  return new SharedArrayBuffer(HEAD + bytes);
}

export function openRing(sab: SharedArrayBuffer): Ring {
  const header = new Int32Array(sab, 0, 4);
  const data = Buffer.from(sab, HEAD);
  const view = new DataView(sab, HEAD);
  const size = data.length;
  return {
    /** Writes one frame; false when the ring has no room (the caller falls back or waits). */
    send(id, text) {
      const length = Buffer.byteLength(text);
      const write = Atomics.load(header, 0);
      const read = Atomics.load(header, 1);
      const used = (write - read + size) % size;
      const need = FRAME + length;
      if (used + need >= size - FRAME) return false;
      let at = write;
      if (at + need > size) {
        if (at + FRAME <= size) view.setInt32(at, -1); // wrap marker
        at = 0;
        if (need >= read) return false;
      }
      view.setInt32(at, length);
      view.setInt32(at + 4, id);
      data.write(text, at + FRAME, length, 'utf8');
      Atomics.store(header, 0, at + need);
      Atomics.add(header, 2, 1);
      Atomics.notify(header, 2);
      return true;
    },
    /** Calls `handle(id, text)` for every frame, forever, waking on the doorbell. */
    onMessages(handle) {
      let seen = Atomics.load(header, 2);
      const drain = () => {
        let read = Atomics.load(header, 1);
        while (read !== Atomics.load(header, 0)) {
          if (read + FRAME > size || view.getInt32(read) === -1) read = 0;
          const length = view.getInt32(read);
          const id = view.getInt32(read + 4);
          const text = data.toString('utf8', read + FRAME, read + FRAME + length);
          read += FRAME + length;
          Atomics.store(header, 1, read);
          handle(id, text);
        }
      };
      const wait = () => {
        drain();
        const result = waitAsync(header, 2, seen);
        const next = () => {
          seen = Atomics.load(header, 2);
          wait();
        };
        if (result.async) void (result.value as Promise<unknown>).then(next);
        else next();
      };
      wait();
    },
  };
}
