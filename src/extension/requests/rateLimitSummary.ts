/**
 * The RateLimit fields of an answer (draft-ietf-httpapi-ratelimit-headers, as the data plane sends them) in words:
 * `"concurrency";r=19, "rate";r=4;t=2` with its policy `"concurrency";q=20, "rate";q=5;w=2` reads
 * "concurrency 19 of 20 left; rate 4 of 5 left, renews in 2 s". Undefined when the answer has no RateLimit field.
 */
export function rateLimitSummary(headers: readonly [string, string][]): string | undefined {
  const field = (name: string) => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const remaining = field('ratelimit');
  if (remaining === undefined) return undefined;
  const policies = new Map(parseItems(field('ratelimit-policy') ?? '').map((item) => [item.name, item.params]));
  const parts = parseItems(remaining).map(({ name, params }) => {
    const policy = policies.get(name);
    const bytes = name === 'quota-bytes';
    const amount = (text: string | undefined) => (text === undefined ? '?' : bytes ? readableBytes(Number(text)) : text);
    const label = bytes ? 'quota (bytes)' : name;
    const of = policy?.q !== undefined ? ` of ${amount(policy.q)}` : '';
    const renews = params.t !== undefined ? `, renews in ${params.t} s` : policy?.w === '0' ? ', for the endpoint’s whole life' : '';
    return `${label} ${amount(params.r)}${of} left${renews}`;
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

interface Item {
  name: string;
  params: Record<string, string>;
}

/** A structured-field list of `"name";key=value;...` items (values may be quoted). */
function parseItems(text: string): Item[] {
  return text
    .split(',')
    .map((raw) => raw.trim())
    .filter(Boolean)
    .map((raw) => {
      const [first = '', ...rest] = raw.split(';').map((p) => p.trim());
      const params: Record<string, string> = {};
      for (const pair of rest) {
        const eq = pair.indexOf('=');
        if (eq > 0) params[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^"|"$/g, '');
      }
      return { name: first.replace(/^"|"$/g, ''), params };
    });
}

function readableBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '?';
  if (bytes < 1024) return `${bytes} B`;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
