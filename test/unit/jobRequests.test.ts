import * as assert from 'node:assert/strict';
import { jobSubmitRequest, parseGlobalParameters, splitBlobUrl } from '../../src/api/jobRequests';

describe('batch job requests from what a person types', () => {
  it('global parameters: name=value lines (strings), comments and blanks skipped, or one JSON object', () => {
    assert.deepEqual(parseGlobalParameters('threshold = 0.5\n# a comment\n\nmode=fast'), { ok: true, value: { threshold: '0.5', mode: 'fast' } });
    assert.deepEqual(parseGlobalParameters('{"threshold": 0.5}'), { ok: true, value: { threshold: 0.5 } });
    assert.deepEqual(parseGlobalParameters('  '), { ok: true, value: {} });
    assert.deepEqual(parseGlobalParameters('a=1\nb'), { ok: false, problem: 'Line 2: write name=value.' });
    assert.match((parseGlobalParameters('a=1\na=2') as { problem: string }).problem, /given twice/);
    assert.match((parseGlobalParameters('[1]') as { problem: string }).problem, /name=value/);
    assert.match((parseGlobalParameters('{"a":') as { problem: string }).problem, /Not valid JSON/);
    const tricky = parseGlobalParameters('__proto__=x');
    assert.ok(tricky.ok && Object.hasOwn(tricky.value, '__proto__'), 'an own property, not the prototype');
  });

  it('a blob URL with its SAS token in the three parts BES takes (Azure, and Azurite with the account in the path)', () => {
    assert.deepEqual(splitBlobUrl('https://acct.blob.core.windows.net/scoring/in/iris.csv?sv=2024&sig=x'), {
      ok: true,
      value: { BaseLocation: 'https://acct.blob.core.windows.net/', RelativeLocation: 'scoring/in/iris.csv', SasBlobToken: '?sv=2024&sig=x' },
    });
    assert.deepEqual(splitBlobUrl('http://127.0.0.1:10000/devstoreaccount1/scoring/iris.csv?sv=1'), {
      ok: true,
      value: { BaseLocation: 'http://127.0.0.1:10000/devstoreaccount1/', RelativeLocation: 'scoring/iris.csv', SasBlobToken: '?sv=1' },
    });
    assert.match((splitBlobUrl('https://acct.blob.core.windows.net/scoring/iris.csv') as { problem: string }).problem, /SAS/);
    assert.match((splitBlobUrl('https://acct.blob.core.windows.net/scoring?sv=1') as { problem: string }).problem, /container/);
    assert.equal(splitBlobUrl('not a url').ok, false);
  });

  it('the submit body: an asset input with outputs left to the service; blob references with output1', () => {
    assert.deepEqual(jobSubmitRequest({ kind: 'asset', assetId: 'a1' }, { t: '1' }), { ok: true, value: { Input: { AssetId: 'a1' }, GlobalParameters: { t: '1' } } });
    const cs = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc==;EndpointSuffix=core.windows.net';
    assert.deepEqual(jobSubmitRequest({ kind: 'connectionString', connectionString: cs, input: '/scoring/in.csv', output: 'scoring/out.csv' }, {}), {
      ok: true,
      value: { Input: { ConnectionString: cs, RelativeLocation: '/scoring/in.csv' }, Outputs: { output1: { ConnectionString: cs, RelativeLocation: 'scoring/out.csv' } }, GlobalParameters: {} },
    });
    assert.match((jobSubmitRequest({ kind: 'connectionString', connectionString: 'nonsense', input: 'a/b' }, {}) as { problem: string }).problem, /AccountName/);
    assert.match((jobSubmitRequest({ kind: 'connectionString', connectionString: cs, input: 'nocontainer' }, {}) as { problem: string }).problem, /container\/blob/);
    const sas = jobSubmitRequest({ kind: 'sasUrl', inputUrl: 'https://a.blob.core.windows.net/c/in.csv?sv=1', outputUrl: 'https://a.blob.core.windows.net/c/out.csv?sv=2' }, {});
    assert.ok(sas.ok);
    assert.deepEqual(sas.value.Outputs, { output1: { BaseLocation: 'https://a.blob.core.windows.net/', RelativeLocation: 'c/out.csv', SasBlobToken: '?sv=2' } });
  });
});
