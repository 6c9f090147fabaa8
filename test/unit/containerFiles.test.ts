import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileFor } from '../../src/server/images/containerFiles';

describe('container files of an image', () => {
  it('pins the onnxruntime-node the service itself runs, so an Onnx image scores the same under Docker', () => {
    const installed = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', 'onnxruntime-node', 'package.json'), 'utf8')) as { version: string }).version;
    const dockerfile = dockerfileFor('Onnx', undefined);
    assert.match(dockerfile, new RegExp(`onnxruntime-node@${installed.replace(/\./g, '\\.')}\\b`));
    assert.doesNotMatch(dockerfileFor('Node', undefined), /onnxruntime/);
  });

  it('installs the pip requirements a manifest names (an asset, or the pipRequirements file in env/)', () => {
    assert.match(dockerfileFor('Python', 'env/requirements.txt'), /RUN pip install --no-cache-dir -r \/var\/modelbay\/env\/requirements\.txt/);
    assert.doesNotMatch(dockerfileFor('Python', undefined), /pip install/);
  });
});
