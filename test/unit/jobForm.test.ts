import * as assert from 'node:assert/strict';
import { submitJobParamsCheck } from '../../webviews/protocol/submitJobProtocol';

describe('Submit Batch Job form messages', () => {
  it('accepts the three kinds of input and refuses anything else', () => {
    const submit = submitJobParamsCheck.submit;
    assert.equal(submit({ input: { kind: 'file', path: '/w/iris.csv' }, globalParameters: '' }), true);
    assert.equal(submit({ input: { kind: 'connectionString', connectionString: 'x', input: 'c/in.csv' }, globalParameters: 'a=1' }), true);
    assert.equal(submit({ input: { kind: 'sasUrl', inputUrl: 'https://a/c/b?s', outputUrl: 'https://a/c/o?s' }, globalParameters: '' }), true);
    assert.equal(submit({ input: { kind: 'file', path: '/w/iris.csv', extra: 1 }, globalParameters: '' }), false, 'extra keys');
    assert.equal(submit({ input: { kind: 'ftp', path: '/w/iris.csv' }, globalParameters: '' }), false, 'unknown kind');
    assert.equal(submit({ input: { kind: 'file', path: 5 }, globalParameters: '' }), false);
    assert.equal(submit({ input: { kind: 'file', path: '/w/iris.csv' } }), false, 'global parameters are a string, even empty');
    assert.equal(submitJobParamsCheck.pickFile({}), true);
    assert.equal(submitJobParamsCheck.pickFile({ folder: true }), false);
  });
});
