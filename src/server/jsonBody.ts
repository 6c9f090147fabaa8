import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { ApiError } from './errors';

/**
 * Parses JSON bodies with precise complaints: where the syntax breaks, an empty body, or a `__proto__` /
 * `constructor.prototype` key (refused outright: such keys are how prototype pollution gets in).
 */
export function installJsonParser(app: FastifyInstance): void {
  // JSON is the only body the management routes take (asset uploads have their own parser in their scope).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(new ApiError(400, 'InvalidJson', 'The request body is empty; a JSON body is required.'), undefined);
      return;
    }
    try {
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      const reason = (error as Error).message;
      const message = /prototype/i.test(reason)
        ? 'The request body holds a "__proto__" or "constructor.prototype" key, which is refused.'
        : `The request body is not valid JSON: ${reason}`;
      done(new ApiError(400, 'InvalidJson', message), undefined);
    }
  });
}
