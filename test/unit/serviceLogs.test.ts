import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { followServiceLog } from '../../src/server/logs/followServiceLog';
import { FollowStream } from '../../src/server/logs/followStream';
import { LineSplitter } from '../../src/server/logs/lineSplitter';
import { firstSeqAt, LogRing } from '../../src/server/logs/logRing';
import { ServiceLogs } from '../../src/server/logs/serviceLogs';

describe('service logs in memory', () => {
  it('keep at most N lines and B bytes per service, and say how many a slow reader missed', () => {
    const logs = new ServiceLogs({ lines: 5, bytes: 100_000, lineChars: 50 });
    const out = logs.replicaOutput('s1', 'iris:1');
    out.printed('stdout', Array.from({ length: 12 }, (_, i) => `line ${i}\n`).join(''));
    const log = logs.of('s1');
    const beforeFirst = log.firstSeq - 1;
    assert.deepEqual(log.after(beforeFirst).entries.map((l) => l.text), ['line 7', 'line 8', 'line 9', 'line 10', 'line 11']);
    assert.equal(log.after(beforeFirst).skipped, 7);
    assert.deepEqual(log.after(log.startFor(2)).entries.map((l) => l.text), ['line 10', 'line 11']);

    const small = new ServiceLogs({ lines: 1000, bytes: 1000, lineChars: 400 });
    const printer = small.replicaOutput('s2', 'big:1');
    for (let i = 0; i < 100; i++) printer.printed('stderr', `${'x'.repeat(300)}\n`);
    const kept = small.of('s2').after(small.of('s2').firstSeq - 1).entries;
    assert.ok(kept.reduce((n, l) => n + l.bytes, 0) <= 1000, 'bytes bounded');
    assert.equal(kept.length, 2);
  });

  it('a follower resumes after its Last-Event-ID, at the first line of this run when the id is from before a restart', () => {
    const earlier = new LogRing<{ seq: number; bytes: number }>({ lines: 100, bytes: 100_000 }, firstSeqAt(1_000));
    for (let i = 0; i < 3; i++) earlier.push({ bytes: 1 });
    const lastBeforeRestart = earlier.lastSeq;
    const log = new LogRing<{ seq: number; bytes: number }>({ lines: 100, bytes: 100_000 }, firstSeqAt(2_000));
    assert.ok(log.firstSeq > lastBeforeRestart, 'a later run numbers above the earlier one');
    for (let i = 0; i < 5; i++) log.push({ bytes: 1 });
    assert.equal(log.resumeStart(lastBeforeRestart, 0), log.firstSeq - 1, 'all five lines of this run');
    assert.equal(log.after(log.resumeStart(lastBeforeRestart, 0)).entries.length, 5);
    assert.equal(log.resumeStart(log.firstSeq + 2, 0), log.firstSeq + 2, 'after a line of this run');
    assert.equal(log.resumeStart(log.lastSeq + 7, 1), log.lastSeq - 1, 'an id never given: the tail');
    assert.equal(log.resumeStart(undefined, 2), log.lastSeq - 2);
  });

  it('number replicas per service, end followers when the service is forgotten', () => {
    const logs = new ServiceLogs();
    const first = logs.replicaOutput('s', 'a:1');
    const second = logs.replicaOutput('s', 'a:2');
    first.event('ready');
    second.printed('stdout', 'unfinished');
    second.event('exited: stopped');
    assert.deepEqual(logs.of('s').after(0).entries.map((l) => `${l.replica} ${l.stream} ${l.text}`), ['1 system ready', '2 stdout unfinished', '2 system exited: stopped']);
    const ended: string[] = [];
    logs.of('s').subscribe({ wake: () => undefined, end: (reason) => ended.push(reason) });
    logs.forget('s');
    assert.deepEqual(ended, ['the service was deleted']);
    assert.equal(logs.of('s').after(0).entries.length, 0);
  });

  it('a follower whose client reads slowly is sent nothing more until it drains, then what is still kept', async () => {
    /** A response whose client never reads until told: every write reports a full buffer. */
    class SlowResponse extends EventEmitter {
      writes: string[] = [];
      writeHead() {
        return this;
      }
      flushHeaders() {}
      write(chunk: string) {
        this.writes.push(chunk);
        return false;
      }
      end() {
        this.emit('close');
      }
      destroy() {}
      get writableEnded() {
        return false;
      }
    }
    const raw = new SlowResponse();
    const logs = new ServiceLogs({ lines: 10, bytes: 1_000_000, lineChars: 100 });
    const printer = logs.replicaOutput('s', 'a:1');
    const log = logs.of('s');
    const stream = new FollowStream(raw as unknown as ServerResponse, 'text', {});
    followServiceLog(log, stream, log.startFor(0), (t) => t);
    printer.printed('stdout', 'first\n');
    await new Promise((r) => setImmediate(r));
    assert.equal(raw.writes.length, 1, 'the first line is written');
    for (let i = 0; i < 1000; i++) printer.printed('stdout', `line ${i}\n`);
    await new Promise((r) => setImmediate(r));
    assert.equal(raw.writes.length, 1, 'nothing more while the client has not read');
    raw.emit('drain');
    await new Promise((r) => setImmediate(r));
    assert.equal(raw.writes.length, 3, 'a notice and the kept lines');
    assert.match(raw.writes[1]!, /^-- 990 lines were dropped/);
    assert.equal(raw.writes[2]!.split('\n').filter((l) => l).length, 10, 'only what the log keeps');
    assert.equal(log.followerCount, 1);
    raw.emit('close');
    assert.equal(log.followerCount, 0, 'the listener goes with the client');
  });

  it('split chunks into lines, CRLF too, and cut a line that never ends', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((l) => lines.push(l), 4);
    splitter.write('ab');
    splitter.write('c\r\nde\n\nfghijk');
    assert.deepEqual(lines, ['abc', 'de', '', 'fghi']);
    splitter.flush();
    assert.deepEqual(lines.slice(4), ['jk']);
  });
});
