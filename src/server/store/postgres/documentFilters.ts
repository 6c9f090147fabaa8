import type { ImageFilter, ManifestFilter, ModelFilter, ServiceFilter } from '../repositories';
import type { FilterClause } from './keysetPage';
import type { Dependents } from './versionedTable';

/**
 * The list filters and delete checks of the SQLite store, in PostgreSQL's JSON operators. "Array holds this string"
 * is jsonb containment (`@>`): like SQLite's json_each it is false for a missing field and true for a bare string
 * equal to the value.
 */
const holds = (arrayExpression: string) => `(${arrayExpression})::jsonb @> to_jsonb(?::text)`;

function defined(clauses: (FilterClause | false | undefined)[]): FilterClause[] {
  return clauses.filter((c): c is FilterClause => Boolean(c));
}

export const modelFilter = (f: ModelFilter) =>
  defined([f.name !== undefined && { sql: 'name = ?', params: [f.name] }, f.tag !== undefined && { sql: holds("doc->'tags'"), params: [f.tag] }]);

export const manifestFilter = (f: ManifestFilter) =>
  defined([
    f.manifestName !== undefined && { sql: 'name = ?', params: [f.manifestName] },
    f.modelId !== undefined && { sql: holds("doc->'modelIds'"), params: [f.modelId] },
  ]);

export const imageFilter = (f: ImageFilter) =>
  defined([
    f.manifestId !== undefined && { sql: "doc->'manifest'->>'id' = ?", params: [f.manifestId] },
    f.manifestName !== undefined && { sql: "doc->'manifest'->>'name' = ?", params: [f.manifestName] },
  ]);

export function serviceFilter(f: ServiceFilter): FilterClause[] {
  const clauses: FilterClause[] = [];
  const add = (value: string | undefined, sql: string) => value !== undefined && clauses.push({ sql, params: [value] });
  add(f.serviceName, 'name = ?');
  add(f.imageId, "doc->>'imageId' = ?");
  add(f.manifestId, "doc->'image'->'manifest'->>'id' = ?");
  add(f.manifestName, "doc->'image'->'manifest'->>'name' = ?");
  add(f.modelId, holds("doc->'image'->'manifest'->'modelIds'"));
  add(f.modelName, "EXISTS (SELECT 1 FROM models m WHERE m.name = ? AND (services.doc->'image'->'manifest'->'modelIds')::jsonb @> to_jsonb(m.id))");
  add(f.computeResourceId, "doc->'computeResource'->>'id' = ?");
  return clauses;
}

/** What keeps a model, a manifest or an image from being deleted: the resources built on it, and work under way. */
export const MODEL_USERS: Dependents[] = [
  { label: 'manifest', sql: "SELECT name, version FROM manifests WHERE account = $1 AND (doc->'modelIds')::jsonb @> to_jsonb($2::text) ORDER BY seq" },
];
export const MANIFEST_USERS: Dependents[] = [
  { label: 'image', sql: "SELECT name, version FROM images WHERE account = $1 AND doc->'manifest'->>'id' = $2 ORDER BY seq" },
];
export const IMAGE_USERS: Dependents[] = [
  { label: 'service', sql: "SELECT name FROM services WHERE account = $1 AND doc->>'imageId' = $2 ORDER BY seq" },
  {
    label: 'endpoint',
    sql: "SELECT s.name || '/' || e.name AS name FROM endpoints e JOIN services s ON s.id = e.service_id WHERE e.account = $1 AND e.doc->>'imageId' = $2 ORDER BY e.seq",
  },
  {
    label: 'build operation',
    sql: "SELECT id AS name FROM operations WHERE account = $1 AND state IN ('NotStarted', 'Running') AND work->>'imageId' = $2 ORDER BY seq",
  },
];
