import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { GroupInput } from '../groups/groups.model.js';

type Executor = Kysely<Database>;

export async function insertRevision(
  db: Executor,
  values: { groupId: string; kind: 'create' | 'update'; data: GroupInput; keyId: string | null },
): Promise<string> {
  const row = await db
    .insertInto('group_revisions')
    .values({
      group_id: values.groupId,
      kind: values.kind,
      data: JSON.stringify(values.data),
      submitted_by: values.keyId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A newer submission replaces the one still waiting. */
export async function supersedePending(db: Executor, groupId: string): Promise<void> {
  await db
    .updateTable('group_revisions')
    .set({ status: 'superseded', decided_at: new Date() })
    .where('group_id', '=', groupId)
    .where('status', '=', 'pending')
    .execute();
}

export async function pendingRevision(db: Executor, groupId: string) {
  return db
    .selectFrom('group_revisions')
    .selectAll()
    .where('group_id', '=', groupId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function lastRejection(db: Executor, groupId: string) {
  return db
    .selectFrom('group_revisions')
    .select(['reason', 'decided_at'])
    .where('group_id', '=', groupId)
    .where('status', '=', 'rejected')
    .orderBy('decided_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function lockRevision(db: Executor, id: string) {
  return db.selectFrom('group_revisions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function decideRevision(
  db: Executor,
  id: string,
  decision: { status: 'approved' | 'rejected'; reason: string | null; keyId: string },
): Promise<void> {
  await db
    .updateTable('group_revisions')
    .set({
      status: decision.status,
      reason: decision.reason,
      decided_by: decision.keyId,
      decided_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

export async function insertReport(
  db: Executor,
  values: { groupId: string; field: string; problem: string; suggestion: string | null },
): Promise<{ id: string; created_at: Date }> {
  return db
    .insertInto('reports')
    .values({
      group_id: values.groupId,
      field: values.field,
      problem: values.problem,
      suggestion: values.suggestion,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function lockReport(db: Executor, id: string) {
  return db.selectFrom('reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function resolveReport(
  db: Executor,
  id: string,
  values: { status: 'resolved' | 'dismissed'; resolution: string | null; keyId: string },
): Promise<void> {
  await db
    .updateTable('reports')
    .set({
      status: values.status,
      resolution: values.resolution,
      resolved_by: values.keyId,
      resolved_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

/** Pending revisions and open reports, oldest first. */
export async function queue(db: Executor, limit: number) {
  const revisions = await db
    .selectFrom('group_revisions as r')
    .innerJoin('groups as g', 'g.id', 'r.group_id')
    .innerJoin('organizations as o', 'o.id', 'g.organization_id')
    .select([
      'r.id',
      'r.kind',
      'r.data',
      'r.created_at',
      'g.id as group_id',
      'g.name as group_name',
      'g.status as group_status',
      'o.id as organization_id',
      'o.name as organization_name',
    ])
    .where('r.status', '=', 'pending')
    .orderBy('r.created_at')
    .limit(limit)
    .execute();
  const reports = await db
    .selectFrom('reports as p')
    .innerJoin('groups as g', 'g.id', 'p.group_id')
    .innerJoin('organizations as o', 'o.id', 'g.organization_id')
    .select([
      'p.id',
      'p.field',
      'p.problem',
      'p.suggestion',
      'p.created_at',
      'g.id as group_id',
      'g.name as group_name',
      'g.status as group_status',
      'o.id as organization_id',
      'o.name as organization_name',
    ])
    .where('p.status', '=', 'open')
    .orderBy('p.created_at')
    .limit(limit)
    .execute();
  return { revisions, reports };
}
