import * as assert from 'node:assert/strict';
import { checkFileName, childPath } from '../../src/server/fileNames';

describe('file names from users', () => {
  it('accepts plain names', () => {
    for (const name of ['model.onnx', 'score.py', 'weights v2 (final).bin', 'ünïcødé.txt', 'a-b_c.d+e@f,g=h']) {
      assert.equal(checkFileName(name), undefined, name);
    }
  });

  it('refuses every way of becoming a path', () => {
    const cases: Record<string, RegExp> = {
      '': /empty/,
      '..': /dot/,
      '.': /dot/,
      '../x': /separator/,
      'a/b': /separator/,
      'a\\b': /separator/,
      '/etc/passwd': /separator/,
      'C:x': /absolute|one of/,
      'nul\u0000': /control/,
      'line\nbreak': /control/,
      '%2e%2e%2fx': /percent/,
      '..%5cx': /percent/,
      '.bashrc': /dot/,
      ' lead': /space/,
      ['x'.repeat(201)]: /200/,
    };
    for (const [name, reason] of Object.entries(cases)) {
      const problem = checkFileName(name);
      assert.ok(problem && reason.test(problem), `${JSON.stringify(name)} -> ${problem}`);
    }
  });

  it('childPath stays inside its folder or throws', () => {
    assert.equal(childPath('/data/app', 'score.py'), '/data/app/score.py');
    assert.throws(() => childPath('/data/app', '../score.py'));
    assert.throws(() => childPath('/data/app', '/abs'));
  });
});
