// The developer portal's Try it form (served as /portal/help.js; the page has no inline script). The key typed
// here is sent only to the origin that served the page: any other URL is refused before a request is made.
import './help.css';

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const form = byId<HTMLFormElement>('try-form');
const operation = byId<HTMLSelectElement>('try-operation');
const key = byId<HTMLInputElement>('try-key');
const method = byId<HTMLSelectElement>('try-method');
const url = byId<HTMLInputElement>('try-url');
const headers = byId<HTMLTextAreaElement>('try-headers');
const body = byId<HTMLTextAreaElement>('try-body');
const problem = byId<HTMLSpanElement>('try-problem');
const send = byId<HTMLButtonElement>('try-send');
const result = byId<HTMLElement>('try-result');

/** Fills the form with an operation's first try: method, URL, headers and body. */
function choose(id: string): void {
  const option = Array.from(operation.options).find((o) => o.value === id);
  if (!option) return;
  operation.value = id;
  method.value = option.dataset.method ?? 'POST';
  url.value = new URL(option.dataset.address ?? '/', location.origin).href;
  headers.value = option.dataset.headers ?? '';
  body.value = option.dataset.body ?? '';
  problem.textContent = '';
}

/** "Name: value" lines; a line that is not one is named. */
function readHeaders(text: string): Headers | string {
  const read = new Headers();
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    try {
      if (!name) throw new Error('no name');
      read.append(name, line.slice(colon + 1).trim());
    } catch {
      return `Header line ${index + 1} is not "Name: value".`;
    }
  }
  return read;
}

function showAnswer(requested: string, status: string, time: string, headerText: string, text: string): void {
  byId('result-url').textContent = requested;
  byId('result-status').textContent = status;
  byId('result-time').textContent = time;
  byId('result-headers').textContent = headerText;
  byId('result-body').textContent = text;
  result.hidden = false;
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

async function sendTry(): Promise<void> {
  problem.textContent = '';
  let target: URL;
  try {
    target = new URL(url.value, location.origin);
  } catch {
    problem.textContent = 'The URL is not one.';
    return;
  }
  if (target.origin !== location.origin) {
    problem.textContent = `Calls go to this service only (${location.origin}): the key is never sent elsewhere.`;
    return;
  }
  const sent = readHeaders(headers.value);
  if (typeof sent === 'string') {
    problem.textContent = sent;
    return;
  }
  const hasKey = sent.has('Authorization') || sent.has('Ocp-Apim-Subscription-Key');
  if (key.value.trim() && !hasKey) sent.set('Authorization', `Bearer ${key.value.trim()}`);
  const withBody = method.value !== 'GET' && body.value.trim() !== '';
  send.disabled = true;
  const started = performance.now();
  try {
    const response = await fetch(target, {
      method: method.value,
      headers: sent,
      body: withBody ? body.value : undefined,
      credentials: 'omit',
      redirect: 'error',
      cache: 'no-store',
    });
    const text = await response.text();
    const lines: string[] = [];
    response.headers.forEach((value, name) => lines.push(`${name}: ${value}`));
    const ms = Math.round(performance.now() - started);
    showAnswer(target.href, `${response.status} ${response.statusText}`.trim(), `${ms} ms`, lines.join('\n'), pretty(text));
  } catch (error) {
    showAnswer(target.href, 'no answer', '', '', error instanceof Error ? error.message : String(error));
  } finally {
    send.disabled = false;
  }
}

operation.addEventListener('change', () => choose(operation.value));
form.addEventListener('submit', (event) => {
  event.preventDefault();
  sendTry().catch((error: unknown) => (problem.textContent = String(error)));
});
for (const button of Array.from(document.querySelectorAll<HTMLButtonElement>('button.try'))) {
  button.addEventListener('click', () => {
    choose(button.dataset.operation ?? '');
    byId('try').scrollIntoView({ behavior: 'smooth', block: 'start' });
    key.focus({ preventScroll: true });
  });
}
choose(operation.value);
