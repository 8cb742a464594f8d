// Reads `Authorization: Bearer cir_sk_...` on every request. Reads stay anonymous; a key on a read
// only raises the rate limit. A malformed, unknown or revoked key is a 401 wherever it is sent.
// A publishable key (`cir_pk_...`) is checked against the request's Origin (403 from any other
// origin) and then reads exactly as an anonymous client: it sets `request.publisher`, never
// `request.principal`, so no ownership or privilege check can ever see it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Scope } from '../db/types.js';
import { ProblemError } from '../lib/problem.js';
import {
  KeysService,
  type Principal,
  PUBLISHABLE_KEY_PREFIX,
  type Publisher,
} from '../modules/keys/keys.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    keys: KeysService;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The embedding site, when a publishable key came with the request. */
    publisher: Publisher | null;
  }
}

export function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1]! : header.trim();
}

/** The principal if it has one of the scopes; otherwise 401 (no key) or 403 (not allowed). */
export function requireScope(request: FastifyRequest, ...scopes: Scope[]): Principal {
  const principal = request.principal;
  if (!principal && request.publisher) {
    throw new ProblemError(
      403,
      'forbidden',
      'Forbidden',
      'A publishable key (cir_pk_) only reads; writes need a secret key (cir_sk_)',
    );
  }
  if (!principal) {
    throw new ProblemError(
      401,
      'authentication_required',
      'Authentication required',
      'Send an API key: Authorization: Bearer cir_sk_...',
    );
  }
  if (!principal.scopes.some((s) => scopes.includes(s) || s === 'admin')) {
    throw new ProblemError(
      403,
      'forbidden',
      'Forbidden',
      `This needs a key with scope ${scopes.join(' or ')}`,
    );
  }
  return principal;
}

/**
 * A key that acts for an organization: group writes and imports. Staff keys (moderate, admin) hold
 * no organization, so they own no group: they are refused with 403 forbidden (the key lacks the
 * scope), not 404, since they can read every group and "not found" would be untrue for them.
 */
export function requireOrganizationKey(request: FastifyRequest): Principal & { organizationId: string } {
  const principal = requireScope(request, 'submit');
  if (!principal.organizationId) {
    throw new ProblemError(403, 'forbidden', 'Forbidden', 'This needs an organization key (scope submit)');
  }
  return principal as Principal & { organizationId: string };
}

export default fp(
  async function auth(app: FastifyInstance) {
    app.decorate('keys', new KeysService(app.db));
    app.decorateRequest('principal', null);
    app.decorateRequest('publisher', null);
    // Synchronous for anonymous requests, the most common kind (see the NUL hook in app.ts).
    app.addHook('onRequest', (request, _reply, done) => {
      const token = bearerToken(request);
      request.principal = null;
      request.publisher = null;
      if (!token) return done();
      const lookup = token.startsWith(PUBLISHABLE_KEY_PREFIX)
        ? app.keys.authenticatePublishable(token, request.headers.origin).then((publisher) => {
            request.publisher = publisher;
          })
        : app.keys.authenticate(token).then((principal) => {
            request.principal = principal;
          });
      lookup.then(() => done(), done);
    });
  },
  { name: 'auth', fastify: '5.x', dependencies: ['db'] },
);
