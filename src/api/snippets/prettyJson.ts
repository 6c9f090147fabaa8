/**
 * Pretty-prints JSON-like data the way people write it by hand: objects one key a line, short arrays of plain
 * values on one line (`"data": [[5.1, 3.5, 1.4, 0.2]]` rather than six lines). The same printer writes JSON,
 * JavaScript and Python literals, so a request body reads the same in the document and in every snippet.
 */
export interface LiteralStyle {
  indent: string;
  true: string;
  false: string;
  null: string;
  /** A string or an object key, quoted and escaped for the language. */
  quote(text: string): string;
}

/** JSON's string escapes (\" \\ \n \uXXXX ...) are valid in JavaScript, Python and C# string literals too. */
const jsonQuote = (text: string) => JSON.stringify(text);

export const JSON_STYLE: LiteralStyle = { indent: '  ', true: 'true', false: 'false', null: 'null', quote: jsonQuote };
export const PYTHON_STYLE: LiteralStyle = { indent: '    ', true: 'True', false: 'False', null: 'None', quote: jsonQuote };

const LINE_WIDTH = 100;

export function formatLiteral(value: unknown, style: LiteralStyle = JSON_STYLE, startDepth = 0): string {
  const render = (item: unknown, depth: number): string => {
    if (item === null || item === undefined) return style.null;
    if (typeof item === 'boolean') return item ? style.true : style.false;
    // Finite numbers print the same in all three languages; NaN/Infinity cannot come from JSON.
    if (typeof item === 'number') return Number.isFinite(item) ? String(item) : style.null;
    if (typeof item === 'string') return style.quote(item);
    const inner = style.indent.repeat(depth + 1);
    const outer = style.indent.repeat(depth);
    if (Array.isArray(item)) {
      const elements: unknown[] = item;
      if (elements.length === 0) return '[]';
      const parts = elements.map((element) => render(element, depth + 1));
      const flat = !parts.some((p) => p.includes('\n')) && !elements.some((e) => typeof e === 'object' && e !== null && !Array.isArray(e) && Object.keys(e).length > 0);
      const inline = `[${parts.join(', ')}]`;
      if (flat && outer.length + inline.length <= LINE_WIDTH) return inline;
      return `[\n${parts.map((p) => inner + p).join(',\n')}\n${outer}]`;
    }
    if (typeof item === 'object') {
      const entries = Object.entries(item as Record<string, unknown>).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return '{}';
      return `{\n${entries.map(([key, v]) => `${inner}${style.quote(key)}: ${render(v, depth + 1)}`).join(',\n')}\n${outer}}`;
    }
    return style.null;
  };
  return render(value, startDepth);
}

/** JSON text, pretty-printed (what request documents and the response document show). */
export const prettyJson = (value: unknown) => formatLiteral(value, JSON_STYLE);
