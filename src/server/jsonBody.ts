import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors';
import { parseJsonText } from './jsonText';

/** Parses JSON bodies with the complaints of parseJsonText (empty, broken syntax, prototype keys). */
export function installJsonParser(app: FastifyInstance): void {
  // JSON is the only body the management routes take (asset uploads have their own parser in their scope).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const parsed = parseJsonText(typeof body === 'string' ? body : body.toString('utf8'));
    if (parsed.ok) done(null, parsed.value);
    else done(new ApiError(400, 'InvalidJson', parsed.message), undefined);
  });
}
