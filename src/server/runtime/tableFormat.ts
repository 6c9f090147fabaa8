import type { ScoreRequest, V2Tensor } from '../runtime/scoreRequest';

/** A request body the gateway cannot turn into a score call; the message names the field. */
export class RequestShapeError extends Error {}

/** Names that would reach an object's prototype if a driver copied records naively. */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The classic RRS body `{Inputs: {name: {ColumnNames, Values}}, GlobalParameters}` as records per input. */
export function fromRrsBody(body: unknown): Extract<ScoreRequest, { kind: 'table' }> {
  if (!isObject(body)) throw new RequestShapeError('the body must be a JSON object with "Inputs"');
  const inputs = body.Inputs;
  if (!isObject(inputs) || Object.keys(inputs).length === 0) throw new RequestShapeError('Inputs must be an object holding at least one table');
  const globals = body.GlobalParameters ?? {};
  if (!isObject(globals)) throw new RequestShapeError('GlobalParameters must be an object');
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const [name, table] of Object.entries(inputs)) {
    const where = `Inputs.${name}`;
    if (Array.isArray(table)) {
      // The newer RRS form: a list of records instead of ColumnNames + Values.
      table.forEach((row, i) => {
        if (!isObject(row)) throw new RequestShapeError(`${where}[${i}] must be an object of column values`);
      });
      tables[name] = table as Record<string, unknown>[];
      continue;
    }
    if (!isObject(table)) throw new RequestShapeError(`${where} must be an object with ColumnNames and Values`);
    const { ColumnNames: columns, Values: values } = table;
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === 'string')) {
      throw new RequestShapeError(`${where}.ColumnNames must be a non-empty array of strings`);
    }
    if (new Set(columns).size !== columns.length) throw new RequestShapeError(`${where}.ColumnNames has a name twice`);
    const reserved = columns.find((c) => RESERVED_NAMES.has(c));
    if (reserved) throw new RequestShapeError(`${where}.ColumnNames holds '${reserved}', which is not allowed as a column name`);
    if (!Array.isArray(values)) throw new RequestShapeError(`${where}.Values must be an array of rows`);
    tables[name] = values.map((row, i) => {
      if (!Array.isArray(row)) throw new RequestShapeError(`${where}.Values[${i}] must be an array`);
      if (row.length !== columns.length) {
        throw new RequestShapeError(`${where}.Values is ragged: row ${i} has ${row.length} values for ${columns.length} columns`);
      }
      // Plain assignment is safe here: '__proto__' (the one name whose assignment reaches the prototype) was
      // refused above, and it keeps the records in V8's fast shape, shared by every row of the table.
      const record: Record<string, unknown> = {};
      for (let j = 0; j < columns.length; j++) record[columns[j] as string] = row[j];
      return record;
    });
  }
  return { kind: 'table', inputs: tables, globalParameters: globals };
}

/** An Open Inference Protocol body `{inputs: [{name, shape, datatype, data}]}`, checked for its structure. */
export function fromV2Body(body: Record<string, unknown>): Extract<ScoreRequest, { kind: 'v2' }> {
  const inputs = body.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0) throw new RequestShapeError('inputs must be a non-empty array of tensors');
  const tensors = inputs.map((t, i): V2Tensor => {
    const where = `inputs[${i}]`;
    if (!isObject(t)) throw new RequestShapeError(`${where} must be an object {name, shape, datatype, data}`);
    if (typeof t.name !== 'string') throw new RequestShapeError(`${where}.name must be a string`);
    if (!Array.isArray(t.shape) || !t.shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
      throw new RequestShapeError(`${where}.shape must be an array of non-negative integers`);
    }
    if (typeof t.datatype !== 'string') throw new RequestShapeError(`${where}.datatype must be a string such as "FP32"`);
    if (!Array.isArray(t.data)) throw new RequestShapeError(`${where}.data must be an array`);
    return { name: t.name, shape: t.shape as number[], datatype: t.datatype, data: t.data };
  });
  return { kind: 'v2', inputs: tensors };
}

function columnType(values: unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return 'String';
  if (present.every((v) => typeof v === 'boolean')) return 'Boolean';
  if (present.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'Int64';
  if (present.every((v) => typeof v === 'number')) return 'Double';
  return 'String';
}

/** How an RRS answer is written: tables (`type: "table"`, ColumnTypes with details=true) or rows as objects. */
export interface RrsAnswerShape {
  details: boolean;
  /** `format=swagger`: `{"Results": {"output1": [{col: value}]}}`. */
  records: boolean;
}

/**
 * A value as the live classic service sent it in an answer: every cell as text (`1`, `0.93`, `true`), objects and
 * lists as their JSON, null kept. Classic clients read cells as strings (the types are in ColumnTypes).
 */
function classicCell(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? null;
}

const classicRecord = (record: Record<string, unknown>) => {
  const cells: Record<string, string | null> = {};
  for (const [column, value] of Object.entries(record)) Object.defineProperty(cells, column, { value: classicCell(value), enumerable: true, writable: true });
  return cells;
};

/**
 * Turns a driver's or model's `{output1: [records]}` into RRS `Results` as the live classic service sent them:
 * tables (`{"type": "table", "value": {ColumnNames, ColumnTypes (details=true), Values}}`), or rows as objects for
 * `format=swagger`; the cells as text either way, their types (from the values the model gave) in ColumnTypes.
 */
export function toRrsResults(output: unknown, shape: RrsAnswerShape): { Results: Record<string, unknown> } {
  if (!isObject(output)) throw new RequestShapeError('the model answered no output tables (expected {"output1": [{...}, ...]})');
  const results: Record<string, unknown> = {};
  for (const [name, rows] of Object.entries(output)) {
    if (!Array.isArray(rows) || !rows.every(isObject)) {
      throw new RequestShapeError(`the model's output '${name}' is not a list of records`);
    }
    if (shape.records) {
      results[name] = rows.map(classicRecord);
      continue;
    }
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const values = rows.map((r) => columns.map((c) => r[c] ?? null));
    const value: Record<string, unknown> = { ColumnNames: columns };
    if (shape.details) value.ColumnTypes = columns.map((_, j) => columnType(values.map((row) => row[j])));
    value.Values = values.map((row) => row.map(classicCell));
    results[name] = { type: 'table', value };
  }
  return { Results: results };
}
