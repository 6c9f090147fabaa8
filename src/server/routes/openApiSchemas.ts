import { Kind, type TSchema } from '@sinclair/typebox';

export type JsonSchema = Record<string, unknown>;

const isSchema = (value: unknown): value is TSchema => typeof value === 'object' && value !== null && Kind in value;

/**
 * Turns route schemas (TypeBox, i.e. JSON Schema) into OpenAPI 3.1 schema objects, which are JSON Schema 2020-12:
 * the schemas go in as they are. A schema the API exports by name (src/api/schemas) becomes a `$ref` to
 * `#/components/schemas/<name>`, defined once, so clients generate one type per contract type.
 */
export class OpenApiSchemas {
  private readonly names = new Map<object, string>();
  private readonly defined: Record<string, JsonSchema> = {};

  /** `named`: the exports of a schemas module; every TypeBox schema among them is known by its export name. */
  constructor(named: Record<string, unknown>) {
    for (const [name, value] of Object.entries(named)) {
      if (isSchema(value) && !this.names.has(value)) this.names.set(value, name);
    }
  }

  /** The schema as OpenAPI writes it: a reference when it is a named one, else a copy with references inside. */
  use(schema: unknown): JsonSchema {
    const name = typeof schema === 'object' && schema !== null ? this.names.get(schema) : undefined;
    if (name === undefined) return this.copy(schema) as JsonSchema;
    if (!(name in this.defined)) {
      this.defined[name] = {}; // placeholder first: a schema that refers to itself ends here
      this.defined[name] = this.copy(schema) as JsonSchema;
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  /** The component schemas used so far, by name (sorted, so the document reads the same each time). */
  components(): Record<string, JsonSchema> {
    return Object.fromEntries(Object.entries(this.defined).sort(([a], [b]) => a.localeCompare(b)));
  }

  private copy(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.copyChild(item));
    if (typeof value !== 'object' || value === null) return value;
    // Own string keys only: TypeBox's symbol keys (Kind, Optional) are no part of the JSON Schema.
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, this.copyChild(child)]));
  }

  private copyChild(child: unknown): unknown {
    return typeof child === 'object' && child !== null && this.names.has(child) ? this.use(child) : this.copy(child);
  }
}
