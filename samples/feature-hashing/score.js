'use strict';
// Feature hashing driver for Modelbay's Node runtime (init() once, then run(input) per request, input already
// parsed). score.py is the same driver for the Python runtime; both must give identical answers, so every choice
// is spelled out in README.md and mirrored there. No dependencies.

const DEFAULT_BITSIZE = 3;
const MAX_BITSIZE = 16;
const PROPERTIES_VARIABLE = 'MODELBAY_PROPERTIES';
const BITSIZE_PROPERTY = 'hashingBitsize';
const INPUT_NAME = 'input1';
const OUTPUT_NAME = 'output1';
const TEXT_COLUMN = 'text';
const SAMPLE_TEXT = 'This is a good day';

// Only ASCII letters and digits make tokens, and lower-casing is ASCII-only: JavaScript's and Python's Unicode
// case tables differ between versions, and a few non-ASCII letters (the Kelvin sign, dotted capital I) lower-case
// into ASCII, which would make the two drivers disagree.
const TOKEN = /[A-Za-z0-9]+/g;

function rotl32(value, shift) {
  return (value << shift) | (value >>> (32 - shift));
}

/** MurmurHash3 x86 32-bit of bytes (a string is hashed as its UTF-8 bytes); an unsigned 32-bit integer. */
function murmur3(data, seed = 0) {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed | 0;
  const whole = bytes.length - (bytes.length % 4);
  for (let i = 0; i < whole; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(rotl32(Math.imul(k, c1), 15), c2);
    h = rotl32(h ^ k, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  for (let i = bytes.length - 1; i >= whole; i--) k = (k << 8) | bytes[i];
  if (bytes.length > whole) h ^= Math.imul(rotl32(Math.imul(k, c1), 15), c2);
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function tokenize(text) {
  const asciiLower = text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
  return asciiLower.match(TOKEN) || [];
}

/** Count of tokens per bucket, bucket = murmur3(token) mod 2**bitsize. */
function hashFeatures(text, bitsize) {
  const counts = new Array(1 << bitsize).fill(0);
  for (const token of tokenize(text)) counts[murmur3(token) & ((1 << bitsize) - 1)] += 1;
  return counts;
}

function columnNames(bitsize) {
  return Array.from({ length: 1 << bitsize }, (_, i) => `HashingFeature.${i}`);
}

function buildSchema(bitsize) {
  return {
    inputs: { [INPUT_NAME]: { columns: [{ name: TEXT_COLUMN, type: 'String' }] } },
    outputs: { [OUTPUT_NAME]: { columns: columnNames(bitsize).map((name) => ({ name, type: 'Int64' })) } },
    sampleRequest: { Inputs: { [INPUT_NAME]: [{ [TEXT_COLUMN]: SAMPLE_TEXT }] }, GlobalParameters: {} },
  };
}

/**
 * An error about the caller's input. Modelbay's Node runtime answers an error carrying a 4xx statusCode with that
 * status (a plain Error would be a 500, the driver's own fault), as the Python host does for ValueError.
 */
function inputError(message) {
  const error = new Error(message);
  error.statusCode = 400;
  return error;
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

/** The hashingBitsize property from MODELBAY_PROPERTIES (a JSON object of strings), or the default. */
function readBitsize(environ = process.env) {
  const raw = environ[PROPERTIES_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_BITSIZE;
  let properties;
  try {
    properties = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${PROPERTIES_VARIABLE} is not valid JSON: ${error.message}`);
  }
  if (!isObject(properties)) throw new Error(`${PROPERTIES_VARIABLE} must be a JSON object of strings`);
  if (!has(properties, BITSIZE_PROPERTY)) return DEFAULT_BITSIZE;
  const value = properties[BITSIZE_PROPERTY];
  // Manifest properties are strings, so only a string of decimal digits is taken; the check is the same in score.py.
  if (typeof value !== 'string' || !/^[0-9]{1,2}$/.test(value) || Number(value) < 1 || Number(value) > MAX_BITSIZE) {
    throw new Error(
      `property ${BITSIZE_PROPERTY} in ${PROPERTIES_VARIABLE} must be an integer from 1 to ${MAX_BITSIZE} written as a string, got ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}

let bitsize;

/** Reads the configuration once; a bad property fails here, so the replica never starts half-configured. */
function init() {
  bitsize = readBitsize();
  exports.schema = buildSchema(bitsize);
}

function textOf(record, where) {
  if (!isObject(record)) throw inputError(`${where} must be an object (a record of columns)`);
  if (has(record, TEXT_COLUMN)) {
    if (typeof record[TEXT_COLUMN] !== 'string') throw inputError(`${where}.${TEXT_COLUMN} must be a string`);
    return record[TEXT_COLUMN];
  }
  // Object.keys order (index-like keys first) is what score.py reproduces for "the first string column".
  for (const key of Object.keys(record)) {
    if (typeof record[key] === 'string') return record[key];
  }
  throw inputError(`${where} has no text column: no '${TEXT_COLUMN}' key and no string value`);
}

function scoreRecords(inputs, size) {
  if (!isObject(inputs)) throw inputError('Inputs must be an object mapping input names to lists of records');
  if (!has(inputs, INPUT_NAME)) throw inputError(`Inputs.${INPUT_NAME} is missing`);
  const records = inputs[INPUT_NAME];
  if (!Array.isArray(records)) throw inputError(`Inputs.${INPUT_NAME} must be a list of records`);
  const names = columnNames(size);
  const rows = records.map((record, index) => {
    const counts = hashFeatures(textOf(record, `Inputs.${INPUT_NAME}[${index}]`), size);
    return Object.fromEntries(names.map((name, i) => [name, counts[i]]));
  });
  return { [OUTPUT_NAME]: rows };
}

function scoreRaw(data, size) {
  if (!Array.isArray(data)) throw inputError('data must be a list of strings');
  const result = data.map((text, index) => {
    if (typeof text !== 'string') throw inputError(`data[${index}] must be a string`);
    return hashFeatures(text, size);
  });
  return { result };
}

/** Scores an already-parsed request of either form (shared by run() and the tests). */
function score(request, size) {
  if (!isObject(request)) {
    throw inputError("the request must be a JSON object with 'Inputs' (records form) or 'data' (raw form)");
  }
  if (has(request, 'Inputs') && has(request, 'data')) throw inputError("the request has both 'Inputs' and 'data'; send one form only");
  if (has(request, 'Inputs')) return scoreRecords(request.Inputs, size);
  if (has(request, 'data')) return scoreRaw(request.data, size);
  throw inputError("the request must have 'Inputs' (records form) or 'data' (raw form)");
}

function run(input) {
  // A host that skips init() still gets the configured bitsize rather than a silent default.
  if (bitsize === undefined) init();
  return score(input, bitsize);
}

exports.init = init;
exports.run = run;
exports.schema = buildSchema(DEFAULT_BITSIZE);
exports.murmur3 = murmur3;
exports.tokenize = tokenize;
exports.hashFeatures = hashFeatures;
exports.readBitsize = readBitsize;
exports.score = score;
