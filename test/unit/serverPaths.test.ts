import * as assert from 'node:assert/strict';
import { serverPathHider } from '../../src/server/serverPaths';

describe('server paths in messages', () => {
  const digest = 'ab'.repeat(32);
  const hide = serverPathHider(['/var/lib/modelbay/data', '/opt/modelbay', '/tmp', '/root']);

  it('shows a path inside an image as the image sees it, and any other server path as its file name', () => {
    assert.equal(
      hide(`Error: Load model from /var/lib/modelbay/data/images/store/${digest}/models/iris/1/iris.onnx failed:Protobuf parsing failed.`),
      'Error: Load model from models/iris/1/iris.onnx failed:Protobuf parsing failed.',
    );
    assert.equal(hide("Cannot find module '/opt/modelbay/dist/replicaWorker.js'"), "Cannot find module 'replicaWorker.js'");
    assert.equal(hide('ENOENT: no such file or directory, open /tmp/modelbay-x/blob.tmp'), 'ENOENT: no such file or directory, open blob.tmp');
    assert.equal(hide('at run (/root/.config/thing.js:12:5)'), 'at run (thing.js:12:5)');
    assert.equal(hide('the data folder /var/lib/modelbay/data is full'), 'the data folder (service folder) is full');
  });

  it('leaves messages without server paths as they are', () => {
    for (const text of ['body/name must match pattern', 'file /etc/hosts is not ours', 'models/iris/1/iris.onnx', 'http://127.0.0.1:5000/score/x']) {
      assert.equal(hide(text), text);
    }
  });

  it('hides every occurrence, the longest root first', () => {
    const nested = serverPathHider(['/root', '/root/.modelbay']);
    assert.equal(nested('/root/.modelbay/images/store/' + digest + '/app/score.py and /root/.modelbay/admin-token'), 'app/score.py and admin-token');
  });
});
