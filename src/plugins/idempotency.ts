// app.write(request, fn): runs a write in one transaction, honouring Idempotency-Key on POST.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Transaction } from 'kysely';
import type { Database } from '../db/types.js';
import { runIdempotent, type StoredResponse } from '../lib/idempotency.js';

declare module 'fastify' {
  interface FastifyInstance {
    write(
      request: FastifyRequest,
      fn: (trx: Transaction<Database>) => Promise<StoredResponse>,
    ): Promise<StoredResponse>;
  }
}

function scopeOf(request: FastifyRequest): string {
  if (request.principal) return `key:${request.principal.keyId}`;
  // Anonymous callers (reports) are told apart by a pseudonym of their address, never the address.
  return `anon:${createHash('sha256').update(request.ip).digest('hex').slice(0, 24)}`;
}

export default fp(
  async function idempotency(app: FastifyInstance) {
    app.decorate(
      'write',
      (request: FastifyRequest, fn: (trx: Transaction<Database>) => Promise<StoredResponse>) => {
        const header = request.headers['idempotency-key'];
        const key =
          request.method === 'POST' && typeof header === 'string' && header.length > 0 ? header : null;
        return runIdempotent(
          app.db,
          { scope: scopeOf(request), key, fingerprint: [request.method, request.url, request.body ?? null] },
          fn,
        );
      },
    );
  },
  { name: 'idempotency', fastify: '5.x', dependencies: ['db'] },
);
