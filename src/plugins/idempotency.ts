// app.write(request, fn): runs a write in one transaction, honouring Idempotency-Key on POST.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Transaction } from 'kysely';
import type { Database } from '../db/types.js';
import { runIdempotent, type StoredResponse } from '../lib/idempotency.js';

type Write = (trx: Transaction<Database>) => Promise<StoredResponse>;

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Run a write in one transaction. POST requests honour their Idempotency-Key header; GraphQL
     * mutations pass their idempotencyKey argument and a fingerprint of their input instead.
     */
    write(
      request: FastifyRequest,
      fn: Write,
      idempotency?: { key: string | null; fingerprint: unknown },
    ): Promise<StoredResponse>;
  }
}

function scopeOf(request: FastifyRequest): string {
  if (request.principal) return `key:${request.principal.keyId}`;
  // Anonymous callers (reports) are told apart by a pseudonym of their address, never the address.
  return `anon:${createHash('sha256').update(request.ip).digest('hex').slice(0, 24)}`;
}

function headerKey(request: FastifyRequest): string | null {
  const header = request.headers['idempotency-key'];
  return request.method === 'POST' && typeof header === 'string' && header.length > 0 ? header : null;
}

export default fp(
  async function idempotency(app: FastifyInstance) {
    app.decorate(
      'write',
      (request: FastifyRequest, fn: Write, idempotency?: { key: string | null; fingerprint: unknown }) =>
        runIdempotent(
          app.db,
          {
            scope: scopeOf(request),
            key: idempotency ? idempotency.key : headerKey(request),
            fingerprint: idempotency?.fingerprint ?? [request.method, request.url, request.body ?? null],
          },
          fn,
        ),
    );
  },
  { name: 'idempotency', fastify: '5.x', dependencies: ['db'] },
);
