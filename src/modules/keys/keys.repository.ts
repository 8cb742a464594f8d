import type { Kysely } from 'kysely';
import type { Database, Scope } from '../../db/types.js';

type Executor = Kysely<Database>;

export async function insertKey(
  db: Executor,
  values: {
    organizationId: string | null;
    name: string;
    scopes: Scope[];
    prefix: string;
    secretHash: string;
    allowedOrigins?: string[] | null;
  },
) {
  return db
    .insertInto('api_keys')
    .values({
      organization_id: values.organizationId,
      name: values.name,
      scopes: values.scopes,
      prefix: values.prefix,
      secret_hash: values.secretHash,
      allowed_origins: values.allowedOrigins ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findKeyByHash(db: Executor, secretHash: string) {
  return db
    .selectFrom('api_keys as k')
    .leftJoin('organizations as o', 'o.id', 'k.organization_id')
    .select([
      'k.id',
      'k.organization_id',
      'k.scopes',
      'k.revoked_at',
      'k.last_used_at',
      'k.allowed_origins',
      'o.trust_level',
    ])
    .where('k.secret_hash', '=', secretHash)
    .executeTakeFirst();
}

export async function touchKey(db: Executor, id: string): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: new Date() }).where('id', '=', id).execute();
}

/** What lists and revocations show of a key: everything but its hash. */
const KEY_COLUMNS = [
  'id',
  'name',
  'scopes',
  'prefix',
  'organization_id',
  'allowed_origins',
  'created_at',
  'last_used_at',
  'revoked_at',
] as const;

export async function listKeys(db: Executor, organizationId: string) {
  return db
    .selectFrom('api_keys')
    .select(KEY_COLUMNS)
    .where('organization_id', '=', organizationId)
    .orderBy('created_at')
    .execute();
}

export async function revokeKey(db: Executor, id: string) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(KEY_COLUMNS)
    .executeTakeFirst();
}
