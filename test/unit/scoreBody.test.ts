import * as assert from 'node:assert/strict';
import { MAX_DEPTH, nestedDeeperThan, readCall, writeAnswer } from '../../src/server/runtime/scoreBody';

const call = (text: string | undefined, tablesOnly = false) => ({ text, tablesOnly, details: false, records: false });

describe('scoring bodies, read once on the replica side', () => {
  it('measures nesting outside strings only', () => {
    assert.equal(nestedDeeperThan('['.repeat(600) + ']'.repeat(600), 512), true);
    assert.equal(nestedDeeperThan('['.repeat(512) + ']'.repeat(512), 512), false);
    assert.equal(nestedDeeperThan(`{"a": "${'['.repeat(900)}"}`, 512), false);
    assert.equal(nestedDeeperThan(`["\\"${'['.repeat(900)}"]`, 512), false);
  });

  it('tells raw, V2 and RRS bodies apart and refuses bad ones with the codes the gateway answers', () => {
    assert.deepEqual(readCall(call('{"data": [[1, 2]]}'), 'Onnx'), { kind: 'raw', body: { data: [[1, 2]] } });
    assert.equal((readCall(call('{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}'), 'Onnx') as { kind: string }).kind, 'v2');
    assert.equal((readCall(call('{"inputs": []}'), 'Python') as { kind: string }).kind, 'raw');
    assert.equal((readCall(call('{"Inputs": {"t": {"ColumnNames": ["a"], "Values": [[1]]}}}'), 'Node') as { kind: string }).kind, 'table');
    const code = (text: string | undefined, tablesOnly = false) => (readCall(call(text, tablesOnly), 'Node') as { code?: string }).code;
    assert.equal(code('{"a": '), 'InvalidJson');
    assert.equal(code(''), 'InvalidJson');
    assert.equal(code('{"__proto__": {"x": 1}}'), 'InvalidJson');
    assert.equal(code('{"a":'.repeat(MAX_DEPTH + 1) + '1' + '}'.repeat(MAX_DEPTH + 1)), 'InputTooDeep');
    assert.equal(code('{"Inputs": {"t": {"ColumnNames": ["a", "a"], "Values": [[1, 2]]}}}'), 'InputParseError');
    assert.equal(code('{"data": 1}', true), 'InputParseError');
    // Column names that would reach a record's prototype are refused, so records are made by plain assignment.
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      assert.equal(code(`{"Inputs": {"t": {"ColumnNames": ["a", "${name}"], "Values": [[1, {"polluted": true}]]}}}`), 'InputParseError', name);
    }
    const table = readCall(call('{"Inputs": {"t": {"ColumnNames": ["b", "a", "toString"], "Values": [[1, 2, 3], [4, 5, 6]]}}}'), 'Node') as { inputs: Record<string, Record<string, unknown>[]> };
    assert.deepEqual(table.inputs.t!.map((row) => Object.entries(row)), [[['b', 1], ['a', 2], ['toString', 3]], [['b', 4], ['a', 5], ['toString', 6]]]);
    assert.equal(Object.getPrototypeOf(table.inputs.t![0]), Object.prototype);
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
  });

  it('writes RRS Results for table requests and refuses an output that is not JSON', () => {
    const table = readCall(call('{"Inputs": {"t": [{"a": 1}]}}'), 'Node') as Parameters<typeof writeAnswer>[0];
    // Cells as text, as the live classic service sent them: numbers and booleans written out, objects as JSON, null kept.
    const output = { output1: [{ y: 2, ok: true, tags: { k: 1 }, none: null }] };
    assert.deepEqual(JSON.parse((writeAnswer(table, { ok: true, output }, { details: true, records: false }) as { text: string }).text), {
      Results: { output1: { type: 'table', value: { ColumnNames: ['y', 'ok', 'tags', 'none'], ColumnTypes: ['Int64', 'Boolean', 'String', 'String'], Values: [['2', 'true', '{"k":1}', null]] } } },
    });
    assert.deepEqual(JSON.parse((writeAnswer(table, { ok: true, output }, { details: false, records: true }) as { text: string }).text), {
      Results: { output1: [{ y: '2', ok: 'true', tags: '{"k":1}', none: null }] },
    });
    assert.equal((writeAnswer({ kind: 'raw', body: null }, { ok: true, output: { n: 1n } }, { details: false, records: false }) as { code?: string }).code, 'ModuleExecutionError');
  });
});
