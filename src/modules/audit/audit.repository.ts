import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';

type Executor = Kysely<Database>;

export interface AuditEntry {
  groupId: string;
  organizationId: string | null;
  keyId: string | null;
  action: string;
  changes?: Record<string, { from: unknown; to: unknown }>;
  note?: string | null;
}

export async function recordAudit(db: Executor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      group_id: entry.groupId,
      organization_id: entry.organizationId,
      api_key_id: entry.keyId,
      action: entry.action,
      changes: JSON.stringify(entry.changes ?? {}),
      note: entry.note ?? null,
    })
    .execute();
}

/** A group's history, oldest first, with the prefix of the key that acted. */
export async function listHistory(db: Executor, groupId: string, limit: number, afterId: string | null) {
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('api_keys as k', 'k.id', 'a.api_key_id')
    .select([
      'a.id',
      'a.action',
      'a.changes',
      'a.note',
      'a.created_at',
      'a.organization_id',
      'a.api_key_id',
      'k.prefix as key_prefix',
    ])
    .where('a.group_id', '=', groupId)
    .orderBy('a.id')
    .limit(limit + 1);
  if (afterId) query = query.where('a.id', '>', afterId);
  return query.execute();
}
