import fc from 'fast-check';

/** A body as sent: JSON text, or raw bytes (invalid UTF-8, nesting too deep to build as a value). */
export interface BodyBytes {
  /** What was done to the valid body, for the table and for reproducing a failure. */
  mutation: string;
  bytes: Buffer;
}

/** Keys that must stay keys (never reach an object's prototype): written into the JSON text after serializing. */
const PROTO_SENTINEL = '\u0001proto-sentinel\u0001';
const CONSTRUCTOR_SENTINEL = '\u0001constructor-sentinel\u0001';

/** Strings that have broken servers: control characters, lone surrogates, BOM, direction overrides, path tricks. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\ufeff',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  'e\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦',
  '𝕏'.repeat(40),
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '/absolute/path',
  'C:\\absolute',
  'CON',
  'NUL.txt',
  'a/b',
  '\r\nX-Injected: 1',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  "'; DROP TABLE models; --",
  'NaN',
  '-0',
];

/** Values of the wrong type for any field, or at the edges of number ranges. */
const WRONG_TYPES: readonly unknown[] = [0, -1, 1.5, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, true, false, null, [], {}, [null], { a: 1 }, 'x'];

/** Something in place of one field: the wrong type, an edge number, a hostile or huge string, a deep value. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'a'.repeat(n)) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 2_000 }).map((n) => nested(n)) },
  { weight: 1, arbitrary: fc.constant({ [PROTO_SENTINEL]: { polluted: true } }) },
  { weight: 1, arbitrary: fc.constant({ [CONSTRUCTOR_SENTINEL]: { prototype: { polluted: true } } }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

type PathStep = string | number;

/** Every place inside a JSON value (objects' keys and arrays' items), the value itself first. */
function placesIn(value: unknown, at: PathStep[] = [], into: PathStep[][] = []): PathStep[][] {
  into.push(at);
  if (into.length > 200) return into;
  if (Array.isArray(value)) value.forEach((item, index) => placesIn(item, [...at, index], into));
  else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) placesIn(item, [...at, key], into);
  return into;
}

function replaceAt(value: unknown, at: PathStep[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return (value as unknown[]).map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [head as string]: replaceAt(record[head as string], rest, replacement) };
}

function removeAt(value: unknown, at: PathStep[]): unknown {
  if (at.length === 0) return undefined;
  const [head, ...rest] = at;
  if (rest.length > 0) {
    if (Array.isArray(value)) return (value as unknown[]).map((item, index) => (index === head ? removeAt(item, rest) : item));
    const record = value as Record<string, unknown>;
    return { ...record, [head as string]: removeAt(record[head as string], rest) };
  }
  if (Array.isArray(value)) return value.filter((_item, index) => index !== head);
  const { [head as string]: _removed, ...others } = value as Record<string, unknown>;
  return others;
}

/** JSON text of a value, with the sentinel keys turned into `__proto__` and `constructor`. */
export function jsonText(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replaceAll(JSON.stringify(PROTO_SENTINEL), '"__proto__"').replaceAll(JSON.stringify(CONSTRUCTOR_SENTINEL), '"constructor"');
}

const describePlace = (at: PathStep[]) => (at.length === 0 ? 'the body' : at.join('.'));

/** The ways a valid body is broken: one field replaced, one removed, one added, or the bytes themselves broken. */
export function mutatedBody(valid: unknown): fc.Arbitrary<BodyBytes> {
  const places = placesIn(valid);
  const objects = places.filter((at) => {
    let value: unknown = valid;
    for (const step of at) value = (value as Record<PathStep, unknown>)[step];
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  });
  const text = jsonText(valid);
  const replace = fc.tuple(fc.constantFrom(...places), hostileValue).map(([at, replacement]) => ({
    mutation: `replace ${describePlace(at)}`,
    bytes: Buffer.from(jsonText(replaceAt(valid, at, replacement))),
  }));
  const remove = fc.constantFrom(...places.filter((at) => at.length > 0), []).map((at) => ({
    mutation: at.length === 0 ? 'no body' : `remove ${describePlace(at)}`,
    bytes: Buffer.from(at.length === 0 ? '' : jsonText(removeAt(valid, at))),
  }));
  const add = fc.tuple(fc.constantFrom(...(objects.length > 0 ? objects : [[]])), fc.constantFrom('extra', '__proto__', 'constructor', 'prototype', '', '\u0000'), hostileValue).map(([at, key, extra]) => ({
    mutation: `add "${key}" to ${describePlace(at)}`,
    bytes: Buffer.from(objects.length > 0 ? jsonText(replaceAt(valid, at, { ...(at.reduce<unknown>((v, s) => (v as Record<PathStep, unknown>)[s], valid) as object), [key === '__proto__' ? PROTO_SENTINEL : key]: extra })) : text),
  }));
  const bytes = fc.oneof(
    fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => ({ mutation: `cut at byte ${cut}`, bytes: Buffer.from(text.slice(0, cut)) })),
    fc.constantFrom(
      { mutation: 'invalid UTF-8 in a string', bytes: Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')]) },
      { mutation: 'invalid UTF-8 around the body', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xff]), Buffer.from(text), Buffer.from([0x80])]) },
      { mutation: 'nesting 10,000 deep', bytes: Buffer.from(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) },
      { mutation: 'objects nested 10,000 deep', bytes: Buffer.from(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`) },
      { mutation: 'not JSON', bytes: Buffer.from('this is not json') },
      { mutation: 'two JSON values', bytes: Buffer.from(`${text}${text}`) },
      { mutation: 'a JSON string', bytes: Buffer.from('"just a string"') },
      { mutation: 'duplicate keys', bytes: Buffer.from(text.startsWith('{') && text.length > 2 ? `{"name":1,"name":2,${text.slice(1)}` : '{"a":1,"a":2}') },
      { mutation: 'a number too big for a double', bytes: Buffer.from('{"count":1e400,"version":-1e400}') },
      { mutation: 'top-level __proto__', bytes: Buffer.from('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}') },
    ),
  );
  return fc.oneof({ weight: 5, arbitrary: replace }, { weight: 2, arbitrary: remove }, { weight: 2, arbitrary: add }, { weight: 2, arbitrary: bytes });
}

/**
 * Percent-encodes a string's UTF-8 bytes; unlike encodeURIComponent it takes lone surrogates too (sent as U+FFFD,
 * as any UTF-8 encoder would).
 */
export function encodeText(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9_.~-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A path or query value that is not what the route expects. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length > 0)).map(encodeText),
  fc.constantFrom('..', '%2e%2e', '%ZZ', '%', '%00', '%c3%28', '.', '~', '%2F', 'a'.repeat(5_000)),
  fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }).map(encodeText),
);
