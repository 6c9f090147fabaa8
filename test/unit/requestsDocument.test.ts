import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type AnySchema } from 'ajv';
import { jsonErrorOffset, positionOf } from '../../src/extension/requests/jsonErrorLocation';
import { prettyJson } from '../../src/api/snippets/prettyJson';
import {
  isRequestFileName,
  parseRequestDocument,
  requestDocumentText,
  requestFileName,
  type ParsedRequest,
  type RequestDocument,
} from '../../src/extension/requests/requestDocument';
import { requestUrl } from '../../src/extension/requests/requestUrl';

const SCHEMA_PATH = path.resolve(__dirname, '../../media/schemas/score-request.schema.json');

const problemOf = (result: ParsedRequest) => (result.ok ? assert.fail('expected a problem') : result.problem);

const sample: RequestDocument = {
  target: { account: 'local', serviceId: 'svc-1', service: 'iris', endpoint: 'default', format: 'score' },
  body: { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2] }] },
};

describe('request documents (*.score.json)', () => {
  it('reads back what requestDocumentText writes, target first', () => {
    const text = requestDocumentText(sample);
    assert.ok(text.indexOf('"target"') < text.indexOf('"body"'));
    assert.match(text, /"data": \[5\.1, 3\.5, 1\.4, 0\.2\]/, 'short arrays stay on one line');
    const parsed = parseRequestDocument(text);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.request, sample);
  });

  it('defaults the format to score and keeps any JSON body, null included', () => {
    const parsed = parseRequestDocument('{"target": {"account": "local", "service": "iris", "endpoint": "default"}, "body": null}');
    assert.ok(parsed.ok);
    assert.equal(parsed.request.target.format, 'score');
    assert.equal(parsed.request.target.serviceId, undefined);
    assert.equal(parsed.request.body, null);
  });

  it('names the line and column of broken JSON, even where V8 does not give a position', () => {
    const text = '{\n  "target": {"account": "local"},\n  "body": }\n';
    const problem = problemOf(parseRequestDocument(text));
    assert.match(problem, /not valid JSON at line 3, column 11/);
    assert.doesNotMatch(problem, /is not valid JSON$/, 'the whole text is not echoed back');
    assert.match(problemOf(parseRequestDocument('{"target": {}, "body": 1,}')), /line 1, column 26/);
    assert.match(problemOf(parseRequestDocument('{"a": ')), /text ends too early/);
    assert.match(problemOf(parseRequestDocument('  \n')), /empty/);
  });

  it('says which field is missing or wrong', () => {
    const cases: [string, RegExp][] = [
      ['[]', /must be a JSON object/],
      ['{"body": {}}', /no "target"/],
      ['{"target": "iris", "body": {}}', /"target" must be an object/],
      ['{"target": {"service": "iris", "endpoint": "default"}, "body": {}}', /"target\.account" is missing/],
      ['{"target": {"account": "local", "endpoint": "default"}, "body": {}}', /needs "serviceId" or "service"/],
      ['{"target": {"account": "local", "service": "iris"}, "body": {}}', /"target\.endpoint" is missing/],
      ['{"target": {"account": "local", "service": "iris", "endpoint": "default", "format": "v2"}, "body": {}}', /"score" or "rrs", not "v2"/],
      ['{"target": {"account": "local", "service": "iris", "endpoint": "default"}}', /no "body"/],
      ['{"target": {"account": "local", "serviceId": "", "endpoint": "default"}, "body": 1}', /"target\.serviceId" must be a non-empty string/],
    ];
    for (const [text, expected] of cases) assert.match(problemOf(parseRequestDocument(text)), expected, text);
  });

  it('finds the first offending character like a JSON parser would', () => {
    assert.equal(jsonErrorOffset('{"a": [1, 2, {"b": null}], "c": "\\u00e9"}'), -1);
    assert.equal(jsonErrorOffset('{"a": tru}'), 6);
    assert.equal(jsonErrorOffset('[1, 2] x'), 7);
    assert.equal(jsonErrorOffset('"bad \\q escape"'), 6);
    assert.equal(jsonErrorOffset('{"a": 01}'), 7);
    assert.deepEqual(positionOf('ab\ncd\nef', 7), { line: 3, column: 2 });
  });

  it('makes safe file names and recognises request documents', () => {
    assert.equal(requestFileName('iris', 'default'), 'iris-default.score.json');
    assert.equal(requestFileName('../etc/x y', 'default', '-2'), '_etc_x_y-default-2.score.json');
    assert.ok(isRequestFileName('/w/.modelbay/requests/IRIS-default.Score.JSON'));
    assert.ok(!isRequestFileName('/w/package.json'));
  });

  it('sends rrs requests to the RRS address with api-version 2.0 and details', () => {
    const endpoint = { scoringUri: 'http://127.0.0.1:5000/score/e1', rrsUri: 'http://127.0.0.1:5000/workspaces/w/services/e1/execute' };
    assert.equal(requestUrl(endpoint, 'score'), endpoint.scoringUri);
    assert.equal(requestUrl(endpoint, 'rrs'), `${endpoint.rrsUri}?api-version=2.0&details=true`);
  });

  it('pretty-prints valid JSON whatever the shape', () => {
    for (const value of [sample, [], {}, [[1, 2], [3, 4]], [{ a: [] }], 'x"y\\z\u2028', 1e21, -0.5, true, null, { nested: { deeper: { list: Array.from({ length: 40 }, (_, i) => i) } } }]) {
      assert.deepEqual(JSON.parse(prettyJson(value)), value);
    }
  });
});

describe('the request document JSON schema (media/schemas/score-request.schema.json)', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as AnySchema;
  // VS Code's own keywords (defaultSnippets, enumDescriptions) are not JSON Schema: strict mode would refuse them.
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

  it('is a valid schema that accepts what Test Service writes', () => {
    assert.ok(validate(JSON.parse(requestDocumentText(sample))), JSON.stringify(validate.errors));
    assert.ok(validate({ target: { account: 'local', service: 'iris', endpoint: 'default' }, body: [1, 2] }), JSON.stringify(validate.errors));
  });

  it('refuses what the parser refuses', () => {
    const refused = [
      { body: {} },
      { target: { service: 'iris', endpoint: 'default' }, body: {} },
      { target: { account: 'local', endpoint: 'default' }, body: {} },
      { target: { account: 'local', service: 'iris' }, body: {} },
      { target: { account: 'local', service: 'iris', endpoint: 'default', format: 'v2' }, body: {} },
      { target: { account: 'local', service: 'iris', endpoint: 'default' } },
    ];
    for (const document of refused) {
      assert.equal(validate(document), false, JSON.stringify(document));
      assert.equal(parseRequestDocument(JSON.stringify(document)).ok, false, JSON.stringify(document));
    }
  });

  it('checks an rrs body is an RRS table, and only for rrs', () => {
    const target = { account: 'local', service: 'iris', endpoint: 'default', format: 'rrs' };
    assert.equal(validate({ target, body: { data: [[1]] } }), false);
    assert.ok(validate({ target, body: { Inputs: { input1: { ColumnNames: ['a'], Values: [[1]] } }, GlobalParameters: {} } }), JSON.stringify(validate.errors));
    assert.ok(validate({ target: { ...target, format: 'score' }, body: { data: [[1]] } }));
  });
});
