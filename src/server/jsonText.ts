import secureJson from 'secure-json-parse';

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Parses a JSON body with precise complaints: an empty body, where the syntax breaks, or a `__proto__` /
 * `constructor.prototype` key (refused outright: such keys are how prototype pollution gets in). Shared by the
 * management routes' body parser and the scoring path (which parses in the replica worker), so both word it alike.
 */
export function parseJsonText(text: string): ParsedJson {
  if (text.trim() === '') return { ok: false, message: 'The request body is empty; a JSON body is required.' };
  try {
    return { ok: true, value: secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }) as unknown };
  } catch (error) {
    const reason = (error as Error).message;
    const message = /prototype/i.test(reason)
      ? 'The request body holds a "__proto__" or "constructor.prototype" key, which is refused.'
      : `The request body is not valid JSON: ${reason}`;
    return { ok: false, message };
  }
}
