import fc from 'fast-check';

/** A JSON schema as the service's OpenAPI documents carry it (TypeBox's output, `$ref`s into components). */
export type Schema = Record<string, unknown>;

/** Resolves `#/components/schemas/<name>` references of one OpenAPI document. */
export type SchemaResolver = (schema: Schema) => Schema;

export function resolverFor(document: { components?: { schemas?: Record<string, Schema> } }): SchemaResolver {
  const named = document.components?.schemas ?? {};
  return (schema) => {
    let current = schema;
    for (let hops = 0; typeof current.$ref === 'string' && hops < 20; hops++) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
      const target = name === undefined ? undefined : named[decodeURIComponent(name)];
      if (!target) throw new Error(`unresolvable $ref ${current.$ref}`);
      current = target;
    }
    return current;
  };
}

/** Strings long enough to matter but bounded, so a generated body stays small unless a mutation makes it huge. */
const MAX_GENERATED_STRING = 48;
const MAX_GENERATED_ITEMS = 4;
const MAX_DEPTH = 6;

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const min = num(schema.minLength) ?? 0;
  const max = Math.max(min, Math.min(num(schema.maxLength) ?? MAX_GENERATED_STRING, MAX_GENERATED_STRING));
  if (schema.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'uri') return fc.webUrl();
  if (typeof schema.pattern === 'string') {
    const pattern = new RegExp(schema.pattern, 'u');
    const inBounds = (text: string) => text.length >= min && text.length <= (num(schema.maxLength) ?? Infinity);
    // A pattern's own strings, cut to the length bounds (most patterns here are one repeated character class).
    return fc.stringMatching(pattern, { size: 'small' }).filter(inBounds);
  }
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
}

/**
 * Real values for body fields, by the field's name (`url`: an uploaded asset's address, `modelIds`: a registered
 * model): a value of the right form that names nothing is refused at the first lookup, so without them a create
 * route would only ever be fuzzed in its refusals.
 */
export type FieldValues = Record<string, unknown[]>;

/**
 * Values that satisfy `schema` (the "valid" inputs the fuzzer starts from): objects with their required fields and
 * some optional ones, strings of their pattern and length, numbers in range, one branch of a union; a field named
 * in `fields` mostly takes one of its real values. Anything it cannot read (an empty schema) becomes any JSON value.
 */
export function schemaArbitrary(input: Schema, resolve: SchemaResolver, depth = 0, fields: FieldValues = {}): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  if (depth > MAX_DEPTH) return fc.constant(null);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  const inner = (next: Schema) => schemaArbitrary(next, resolve, depth + 1, fields);
  if (Array.isArray(branches) && branches.length > 0) return fc.oneof(...branches.map(inner));
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return inner(schema.allOf[0] as Schema);
  const type = Array.isArray(schema.type) ? (schema.type as string[])[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return fc.integer({ min: Math.max(num(schema.minimum) ?? -1_000_000, -Number.MAX_SAFE_INTEGER), max: Math.min(num(schema.maximum) ?? 1_000_000, Number.MAX_SAFE_INTEGER) });
    case 'number':
      return fc.double({ min: num(schema.minimum) ?? -1e6, max: num(schema.maximum) ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as Schema | undefined) ?? {};
      const minLength = num(schema.minItems) ?? 0;
      const maxLength = Math.max(minLength, Math.min(num(schema.maxItems) ?? MAX_GENERATED_ITEMS, MAX_GENERATED_ITEMS));
      return fc.array(inner(items), { minLength, maxLength });
    }
    case 'object': {
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      const required = (schema.required as string[] | undefined) ?? [];
      const names = Object.keys(properties);
      if (names.length === 0 && typeof schema.additionalProperties === 'object') {
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), inner(schema.additionalProperties as Schema), { maxKeys: 3 });
      }
      const field = (name: string) => {
        const real = fields[name];
        const formed = inner(properties[name]!);
        return real && real.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: formed }) : formed;
      };
      const model = Object.fromEntries(names.map((name) => [name, field(name)]));
      return fc.record(model, { requiredKeys: required.filter((name) => names.includes(name)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
