import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { TableReader, TableReadError } from '../../src/server/batch/tables/tableReader';
import { TableWriter } from '../../src/server/batch/tables/tableWriter';

/** A source that hands its text over in small pieces, as a download does (splits land inside quotes and BOMs). */
const source = (text: string, piece = 3) => Readable.from(Array.from({ length: Math.ceil(Buffer.byteLength(text) / piece) }, (_, i) => Buffer.from(text).subarray(i * piece, (i + 1) * piece)));

describe('batch tables (CSV/TSV)', () => {
  it('reads RFC 4180 CSV in batches: BOM, quotes, commas and line breaks in cells, any line ends', async () => {
    const reader = new TableReader(source('\uFEFFid,text\r\n1,"a, ""quoted""\r\nline"\r\n2,plain\n3,\r\n'), 'csv');
    assert.deepEqual(await reader.readHeader(), ['id', 'text']);
    assert.deepEqual(await reader.readBatch(2, 1_000_000), { first: 1, rows: [['1', 'a, "quoted"\r\nline'], ['2', 'plain']] });
    assert.deepEqual(await reader.readBatch(2, 1_000_000), { first: 3, rows: [['3', '']] });
    assert.equal(await reader.readBatch(2, 1_000_000), undefined);
  });

  it('reads TSV, where a quote is an ordinary character', async () => {
    const reader = new TableReader(source('a\tb\r\n"x\ty"\r\n'), 'tsv');
    assert.deepEqual(await reader.readHeader(), ['a', 'b']);
    assert.deepEqual((await reader.readBatch(10, 1_000_000))?.rows, [['"x', 'y"']]);
  });

  it('refuses a ragged row naming its line, an empty input and a header naming a column twice', async () => {
    // The parser reads ahead, so the refusal may come with the header or with a batch: either way it names the line.
    const ragged = new TableReader(source('a,b\r\n1,2\r\n3\r\n'), 'csv');
    const readAll = async () => {
      await ragged.readHeader();
      while (await ragged.readBatch(10, 1_000_000));
    };
    await assert.rejects(readAll(), (e: Error) => e instanceof TableReadError && /line 3/.test(e.message));
    await assert.rejects(new TableReader(source(''), 'csv').readHeader(), /empty/);
    await assert.rejects(new TableReader(source('a,a\r\n'), 'csv').readHeader(), /'a' twice/);
  });

  it('writes the header once, quotes where RFC 4180 needs it, and maps later answers by column name', () => {
    const writer = new TableWriter('csv');
    assert.equal(writer.text(['n', 'text'], [[1, 'a, "b"'], [null, true]]), 'n,text\r\n1,"a, ""b"""\r\n,true\r\n');
    assert.equal(writer.text(['text', 'n'], [['x', 2]]), '2,x\r\n');
    assert.throws(() => writer.text(['other'], [[1]]), /column 'other'/);
    assert.equal(new TableWriter('tsv').text(['a', 'b'], [['x\ty', { k: 1 }]]), 'a\tb\r\nx y\t{"k":1}\r\n');
  });
});
