import * as assert from 'node:assert/strict';
import { decodeSkipToken, encodeSkipToken } from '../../src/server/routes/paging';
import { ApiError } from '../../src/server/errors';

describe('skip tokens', () => {
  it('round-trip a cursor', () => {
    for (const n of [1, 42, 2 ** 40]) assert.equal(decodeSkipToken(encodeSkipToken(n)), n);
  });

  it('refuse anything the service did not issue with a 400 naming the field', () => {
    const forged = [
      'garbage',
      Buffer.from('{"v":2,"after":5}').toString('base64url'),
      Buffer.from('{"v":1,"after":-5}').toString('base64url'),
      Buffer.from('{"v":1,"after":"5"}').toString('base64url'),
      Buffer.from('{"v":1,"after":1.5}').toString('base64url'),
    ];
    for (const token of forged) {
      assert.throws(() => decodeSkipToken(token), (e: ApiError) => e.statusCode === 400 && /\$skipToken/.test(e.message), token);
    }
  });
});
