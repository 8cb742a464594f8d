// Idempotency-Key on POST: the first response for a key is stored in the same transaction as the
// write it describes, so a replay returns it and never writes twice. Concurrent requests with one
// key serialise on the key's primary key: the second waits for the first to commit, then replays.
// A failed request stores nothing (its transaction rolls back), so retrying it runs it again.
import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/types.js';
import { ProblemError } from './problem.js';

export interface StoredResponse {
  status: number;
  body: unknown;
  /** The stored first response is being replayed. */
  replayed?: boolean;
}

export interface IdempotencyRequest {
  /** Who may replay: the API key's id, or an anonymous client's pseudonym. */
  scope: string;
  key: string | null;
  /** Method, path and body: the same key with other content is refused. */
  fingerprint: unknown;
}

export function requestHash(fingerprint: unknown): string {
  return createHash('sha256').update(JSON.stringify(fingerprint)).digest('hex');
}

export async function runIdempotent(
  db: Db,
  request: IdempotencyRequest,
  write: (trx: Transaction<Database>) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (!request.key) return db.transaction().execute(write);
  if (request.key.length > 200) {
    throw new ProblemError(
      400,
      'invalid_parameter',
      'Invalid header',
      'Idempotency-Key: at most 200 characters',
      [{ name: 'Idempotency-Key', in: 'header', reason: 'at most 200 characters' }],
    );
  }
  const hash = requestHash(request.fingerprint);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('idempotency_keys')
      .values({
        scope: request.scope,
        key: request.key!,
        request_hash: hash,
        status_code: 0,
        response: 'null',
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const stored = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'status_code', 'response'])
        .where('scope', '=', request.scope)
        .where('key', '=', request.key!)
        .executeTakeFirstOrThrow();
      if (stored.request_hash !== hash) {
        throw new ProblemError(
          422,
          'idempotency_key_reused',
          'Idempotency key reused',
          'This Idempotency-Key was used for a different request; use a new key',
          [{ name: 'Idempotency-Key', in: 'header', reason: 'was used with a different request' }],
        );
      }
      return { status: stored.status_code, body: stored.response, replayed: true };
    }
    const response = await write(trx);
    await trx
      .updateTable('idempotency_keys')
      .set({ status_code: response.status, response: JSON.stringify(response.body) })
      .where('scope', '=', request.scope)
      .where('key', '=', request.key!)
      .execute();
    return response;
  });
}
