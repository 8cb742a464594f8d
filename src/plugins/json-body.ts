// JSON request bodies: Fastify's own parser (with its prototype-poisoning checks), after a scan
// that refuses nesting deeper than MAX_JSON_DEPTH. JSON.parse takes 100,000 levels, but anything
// that walks the result recursively afterwards (JSON.stringify for the Idempotency-Key hash, for
// one) overflows the stack and answered 500 (found by fuzzing). No body of ours nests deeper than
// 5 levels: a group with its meetings, a Meeting Guide feed, GraphQL variables.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../lib/problem.js';

export const MAX_JSON_DEPTH = 32;

/** Whether JSON text nests arrays and objects more than `max` deep (brackets in strings ignored). */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

export default fp(
  async function jsonBodyPlugin(app: FastifyInstance) {
    const parse = app.getDefaultJsonParser(
      app.initialConfig.onProtoPoisoning ?? 'error',
      app.initialConfig.onConstructorPoisoning ?? 'error',
    );
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      if (nestedDeeperThan(body as string, MAX_JSON_DEPTH)) {
        const reason = `must not nest arrays and objects more than ${MAX_JSON_DEPTH} levels deep`;
        done(
          new ProblemError(400, 'invalid_body', 'Invalid body', `The JSON body ${reason}`, [
            { name: 'body', in: 'body', reason },
          ]),
          undefined,
        );
        return;
      }
      parse(request, body as string, done);
    });
  },
  { name: 'json-body', fastify: '5.x' },
);
