import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { archiveKindOfBytes } from '../../src/server/images/archiveKind';
import { tarEntryPathProblem } from '../../src/server/images/archiveRules';
import { unpackArchive } from '../../src/server/images/stageFiles';
import { handMadeTar } from '../reliability/archives/tarWriter';
import { unpackZip } from '../../src/server/images/zipArchive';
import { zipOf } from '../server/helpers/archives';

describe('archives an image unpacks', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-zip-'));
  });
  afterEach(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  const unpack = async (zip: Buffer) => {
    await fs.writeFile(path.join(folder, 'in.zip'), zip);
    await unpackZip(path.join(folder, 'in.zip'), path.join(folder, 'out'));
  };

  it('tells gzip, zip and tar by their bytes, and nothing else', () => {
    const tar = Buffer.alloc(512);
    tar.write('ustar', 257, 'latin1');
    assert.equal(archiveKindOfBytes(gzipSync('x')), 'gzip');
    assert.equal(archiveKindOfBytes(zipOf({ a: 'b' })), 'zip');
    assert.equal(archiveKindOfBytes(tar), 'tar');
    assert.equal(archiveKindOfBytes(Buffer.from('PK but not a zip, and no ustar')), undefined);
    assert.equal(archiveKindOfBytes(Buffer.alloc(0)), undefined);
  });

  it('unpacks files and folders of a zip', async () => {
    await unpack(zipOf({ 'a.txt': 'A', 'lib/deep/b.js': 'B' }));
    assert.equal(await fs.readFile(path.join(folder, 'out/a.txt'), 'utf8'), 'A');
    assert.equal(await fs.readFile(path.join(folder, 'out/lib/deep/b.js'), 'utf8'), 'B');
  });

  it('refuses entries that would land outside the folder, and damaged entries', async () => {
    for (const name of ['../evil.js', 'lib/../../evil.js', '/etc/evil', 'C:/evil', 'a\\..\\evil']) {
      await assert.rejects(unpack(zipOf({ [name]: 'x' })), /holds an entry that/, name);
    }
    const damaged = zipOf({ 'a.txt': 'AAAA' });
    const at = damaged.indexOf('a.txt') + 5; // the first byte of the deflated data
    damaged.writeUInt8(damaged.readUInt8(at) ^ 0xff, at);
    await assert.rejects(unpack(damaged), /damaged|inflate/);
    await assert.rejects(unpack(Buffer.from('not a zip')), /no zip directory/);
    await assert.rejects(unpack(zipOf({ 'lib/a.js': 'x', 'lib/a.js/b.js': 'y' })), /holds lib\/a\.js\/b\.js where a file or folder of that name already is/);
    await assert.rejects(fs.stat(path.join(folder, 'evil.js')));
  });
  it('takes tar entries named ./x (tar -czf x.tgz ., a packed folder) and refuses .. and absolute ones', async () => {
    for (const fine of ['./', '.', './app/score.py', 'app/./score.py', 'app//score.py', 'score.py']) assert.equal(tarEntryPathProblem(fine), undefined, fine);
    for (const bad of ['../x', './../x', 'a/../../x', '/etc/passwd', 'a\\b']) assert.ok(tarEntryPathProblem(bad), bad);
    const archive = handMadeTar([{ name: './', type: '5' }, { name: './app/', type: '5' }, { name: './app/score.py', data: Buffer.from('def run(x): return x') }]);
    await fs.writeFile(path.join(folder, 'in.tgz'), archive);
    await unpackArchive(path.join(folder, 'in.tgz'), 'folder.tgz', path.join(folder, 'out'));
    assert.equal(await fs.readFile(path.join(folder, 'out', 'app', 'score.py'), 'utf8'), 'def run(x): return x');
  });
});
