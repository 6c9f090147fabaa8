import type { JsonSchema } from '../routes/openApiSchemas';

const MAX_DEPTH = 8;

/** A map's sample key, named as the classic services name tables: `input1` under Inputs, `output1` under Results. */
const mapKey = (parent: string | undefined) => (parent === 'Inputs' ? 'input1' : parent === 'Results' || parent === 'Outputs' ? 'output1' : 'name');

/**
 * A sample value of a JSON schema (an OpenAPI document's, references into its components resolved): its example,
 * default or const where it has one, else a placeholder of its type; objects with their properties, arrays with one
 * item (or one per `prefixItems`). Shows a customer the shape of an answer the endpoint's document describes.
 */
export function schemaSample(schema: unknown, components: Record<string, JsonSchema>, depth = 0, parent?: string): unknown {
  if (typeof schema !== 'object' || schema === null || depth > MAX_DEPTH) return null;
  const s = schema as JsonSchema;
  if (typeof s.$ref === 'string') return schemaSample(components[s.$ref.replace('#/components/schemas/', '')], components, depth + 1, parent);
  if ('example' in s) return s.example;
  if ('default' in s) return s.default;
  if ('const' in s) return s.const;
  const choices = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(choices) && choices.length > 0) return schemaSample(choices[0], components, depth + 1, parent);
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? (s.type as unknown[])[0] : s.type;
  switch (type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const entries = Object.entries(properties).map(([name, child]) => [name, schemaSample(child, components, depth + 1, name)]);
      if (entries.length === 0 && typeof s.additionalProperties === 'object') entries.push([mapKey(parent), schemaSample(s.additionalProperties, components, depth + 1)]);
      return Object.fromEntries(entries);
    }
    case 'array':
      if (Array.isArray(s.prefixItems)) return (s.prefixItems as unknown[]).map((item) => schemaSample(item, components, depth + 1));
      return s.items === undefined ? [] : [schemaSample(s.items, components, depth + 1)];
    case 'string':
      return 'string';
    case 'integer':
      return 0;
    case 'number':
      return 0.5;
    case 'boolean':
      return true;
    default:
      return typeof s.properties === 'object' ? schemaSample({ ...s, type: 'object' }, components, depth + 1, parent) : {};
  }
}
