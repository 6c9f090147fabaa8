import { KEY_VARIABLE, shellQuote } from './curl';
import { prettyJson } from './prettyJson';
import type { CodeSnippet, SnippetCall } from './snippet';

/**
 * curl for bash/zsh, the body as a quoted heredoc: read verbatim (no `$` or backslash expansion), and readable.
 * No line of pretty-printed JSON can be the bare word MODELBAY_BODY, so the heredoc cannot end early.
 */
export function curlSnippet(call: SnippetCall): CodeSnippet {
  const code = [
    `# Calls the Modelbay endpoint ${call.title}.`,
    `# Set ${KEY_VARIABLE} to one of the endpoint's keys first: export ${KEY_VARIABLE}='<key>'`,
    `curl -sS ${shellQuote(call.url)} \\`,
    `  -H "Authorization: Bearer \${${KEY_VARIABLE}:?set ${KEY_VARIABLE} to the endpoint key}" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  --data-binary @- <<'MODELBAY_BODY'`,
    prettyJson(call.body),
    'MODELBAY_BODY',
    '',
  ].join('\n');
  return { id: 'curl', label: 'curl', description: 'bash / zsh', language: 'shellscript', code };
}
