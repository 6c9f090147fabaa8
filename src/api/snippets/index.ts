import { csharpSnippet } from './csharpSnippet';
import { curlSnippet } from './curlSnippet';
import { javascriptSnippet } from './javascriptSnippet';
import { pythonSnippet } from './pythonSnippet';
import type { CodeSnippet, SnippetCall } from './snippet';

export type { CodeSnippet, SnippetCall } from './snippet';

/** Every snippet for one call, in the order the quick pick offers them. */
export function codeSnippets(call: SnippetCall): CodeSnippet[] {
  return [curlSnippet(call), pythonSnippet(call), javascriptSnippet(call), csharpSnippet(call)];
}
