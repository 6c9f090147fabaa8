/** What every snippet is made from: the address, the body, and a name for the comments. */
export interface SnippetCall {
  url: string;
  body: unknown;
  /** `iris/default`: the service and endpoint, for the snippet's first comment. */
  title: string;
}

/** A snippet as the quick pick offers it and the editor opens it. */
export interface CodeSnippet {
  id: 'curl' | 'python' | 'javascript' | 'csharp';
  label: string;
  description: string;
  /** VS Code language id of the untitled editor it opens in. */
  language: string;
  code: string;
}
