import type { Endpoint, EndpointSchema } from '../../api/schemas';
import { curlSnippet } from '../../api/snippets/curlSnippet';
import { prettyJson } from '../../api/snippets/prettyJson';
import { pythonSnippet } from '../../api/snippets/pythonSnippet';
import type { JsonSchema } from '../routes/openApiSchemas';
import { escapeHtml as e, portalPage } from './html';
import { plainCallSamples } from './plainCallSamples';
import { portalOperations, type PortalOperation } from './portalOperations';

export interface HelpPageInput {
  endpoint: Endpoint;
  schema: EndpointSchema;
  /** The endpoint's OpenAPI document (gateway/endpointSwagger.ts): the page is made from it. */
  document: JsonSchema;
  origin: string;
}

const json = (value: unknown) => `<pre><code>${e(prettyJson(value))}</code></pre>`;

function codeSamples(op: PortalOperation, origin: string, title: string): string {
  const url = `${origin}${op.address}`;
  const samples = op.request
    ? { curl: curlSnippet({ url, body: op.request.sample, title }).code, python: pythonSnippet({ url, body: op.request.sample, title }).code }
    : plainCallSamples(op.method, url, `${op.title}: ${title}`);
  return `<details><summary>curl</summary><pre><code>${e(samples.curl)}</code></pre></details>
<details><summary>Python</summary><pre><code>${e(samples.python)}</code></pre></details>`;
}

function parameterTable(op: PortalOperation): string {
  if (op.parameters.length === 0) return '';
  const rows = op.parameters.map((p) => `<tr><td><code>${e(p.name)}</code></td><td>${e(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${e(p.description)}</td></tr>`).join('');
  return `<table class="parameters"><thead><tr><th>Parameter</th><th>In</th><th>Required</th><th>Meaning</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function operationSection(op: PortalOperation, origin: string, title: string): string {
  const request = op.request
    ? `<h4>Request body <span class="type">application/json</span></h4>${json(op.request.sample)}<details><summary>Request schema</summary>${json(op.request.schema)}</details>`
    : '';
  const response = op.response
    ? `<h4>Response 200</h4><p>${e(op.response.description)}</p>${op.response.sample === undefined ? '' : `${json(op.response.sample)}<details><summary>Response schema</summary>${json(op.response.schema)}</details>`}`
    : '';
  return `<section class="operation" id="op-${op.id}">
<h3><span class="method method-${op.method.toLowerCase()}">${op.method}</span> ${e(op.title)}</h3>
<p class="address"><code>${e(op.address)}</code></p>
<p>${e(op.summary)}</p>
${parameterTable(op)}
${request}
${response}
<h4>Code samples</h4>
${codeSamples(op, origin, title)}
<p><button type="button" class="try" data-operation="${op.id}">Try it</button></p>
</section>`;
}

function tryItForm(operations: PortalOperation[]): string {
  const options = operations
    .map((op) => {
      const body = op.request ? prettyJson(op.request.sample) : '';
      const headers = op.request ? 'Content-Type: application/json' : '';
      return `<option value="${op.id}" data-method="${op.method}" data-address="${e(op.address)}" data-body="${e(body)}" data-headers="${e(headers)}">${e(op.title)}</option>`;
    })
    .join('');
  return `<section id="try" aria-labelledby="try-title">
<h2 id="try-title">Try it</h2>
<form id="try-form" novalidate>
<label for="try-operation">Operation</label>
<select id="try-operation">${options}</select>
<label for="try-key">Key <span class="hint">(sent only to this service, as Authorization: Bearer)</span></label>
<input id="try-key" type="password" autocomplete="off" spellcheck="false" placeholder="primary or secondary key">
<div class="row">
<div><label for="try-method">Method</label>
<select id="try-method"><option>POST</option><option>GET</option><option>DELETE</option></select></div>
<div class="grow"><label for="try-url">URL</label>
<input id="try-url" type="text" spellcheck="false"></div>
</div>
<label for="try-headers">Headers <span class="hint">(one "Name: value" a line)</span></label>
<textarea id="try-headers" rows="3" spellcheck="false"></textarea>
<label for="try-body">Body</label>
<textarea id="try-body" rows="12" spellcheck="false"></textarea>
<p><button type="submit" id="try-send">Send</button> <span id="try-problem" role="alert"></span></p>
</form>
<section id="try-result" hidden aria-live="polite">
<h3>Response</h3>
<dl>
<dt>Request URL</dt><dd><code id="result-url"></code></dd>
<dt>Status</dt><dd><code id="result-status"></code> <span id="result-time"></span></dd>
</dl>
<h4>Headers</h4>
<pre id="result-headers"></pre>
<h4>Body</h4>
<pre id="result-body"></pre>
</section>
</section>`;
}

/** The developer portal of one endpoint: its operations, schemas and samples, code, and a Try it form. */
export function helpPage({ endpoint, schema, document, origin }: HelpPageInput): string {
  const title = `${endpoint.serviceName}/${endpoint.name}`;
  const operations = portalOperations(document);
  const nav = operations.map((op) => `<li><a href="#op-${op.id}">${e(op.title)}</a></li>`).join('');
  const body = `<header>
<h1>${e(endpoint.serviceName)} <span class="endpoint">/ ${e(endpoint.name)}</span></h1>
<p>${e(endpoint.description ?? '')}</p>
<p>A Modelbay endpoint (${e(schema.runtimeType)}). Every call takes one of the endpoint's keys, as <code>Authorization: Bearer &lt;key&gt;</code>, <code>Ocp-Apim-Subscription-Key: &lt;key&gt;</code> or the <code>subscription-key</code> query parameter. Ask the endpoint's owner for a key.</p>
<p class="links">Scoring URL <code>${e(endpoint.scoringUri)}</code> · RRS <code>${e(endpoint.rrsUri)}</code> · OpenAPI document: <code>${e(endpoint.scoringUri)}/swagger.json</code> (with a key)</p>
</header>
<div class="layout">
<main>
<nav aria-label="Operations"><h2>Operations</h2><ul>${nav}</ul></nav>
${operations.map((op) => operationSection(op, origin, title)).join('\n')}
</main>
<aside>
${tryItForm(operations)}
</aside>
</div>`;
  return portalPage(`${title}: API help`, body);
}

/** The page for an address that is no endpoint: plain, with nothing about the service. */
export function notFoundPage(): string {
  return portalPage('No such endpoint', '<main class="plain"><h1>No such endpoint</h1><p>There is no endpoint at this address. Check the URL with the endpoint\'s owner.</p></main>');
}
