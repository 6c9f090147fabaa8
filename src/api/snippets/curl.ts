/** How snippets and the curl command refer to the key: an environment variable, never the secret itself. */
export const KEY_VARIABLE = 'MODELBAY_KEY';

/** A POSIX-shell single-quoted word: nothing inside is expanded; a quote is closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * One curl command line for a request. The key is `$MODELBAY_KEY` (expanded by the shell) unless the caller
 * asks for the key itself to be inlined.
 */
export function curlCommand(url: string, body: unknown, options: { key?: string } = {}): string {
  const authorization = options.key === undefined ? `"Authorization: Bearer $${KEY_VARIABLE}"` : shellQuote(`Authorization: Bearer ${options.key}`);
  return ['curl -sS', shellQuote(url), '-H', authorization, '-H', shellQuote('Content-Type: application/json'), '--data-binary', shellQuote(JSON.stringify(body) ?? 'null')].join(' ');
}
