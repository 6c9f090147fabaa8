import { KEY_VARIABLE } from './curl';
import { JSON_STYLE, formatLiteral } from './prettyJson';
import type { CodeSnippet, SnippetCall } from './snippet';

/** True when some object in the body has a `__proto__` key, which an object literal would not keep as data. */
function hasProtoKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasProtoKey);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, v]) => key === '__proto__' || hasProtoKey(v));
}

/** The body as JavaScript: a literal (JSON is one), or parsed from a string in the rare case a literal would differ. */
function bodyExpression(body: unknown): string {
  return hasProtoKey(body) ? `JSON.parse(${JSON.stringify(JSON.stringify(body))})` : formatLiteral(body, JSON_STYLE);
}

/** Node.js 18+ with the built-in fetch; CommonJS-safe (no top-level await), so it runs as a plain .js file. */
export function javascriptSnippet(call: SnippetCall): CodeSnippet {
  const code = `// Calls the Modelbay endpoint ${call.title} (Node.js 18 or later: fetch is built in).
// Set ${KEY_VARIABLE} to one of the endpoint's keys first: export ${KEY_VARIABLE}='<key>'
const url = ${JSON.stringify(call.url)};
const body = ${bodyExpression(call.body)};

async function main() {
  const key = process.env.${KEY_VARIABLE};
  if (!key) throw new Error("Set ${KEY_VARIABLE} to one of the endpoint's keys.");
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: \`Bearer \${key}\` },
    body: JSON.stringify(body),
  });
  console.log(response.status, response.statusText);
  // The endpoint explains its refusals as JSON too: {"error": {"code", "message", "details"}}.
  console.log(await response.text());
  if (!response.ok) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
  return { id: 'javascript', label: 'JavaScript', description: 'Node.js fetch', language: 'javascript', code };
}
