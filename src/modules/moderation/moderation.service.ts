// The review queue: submissions of organizations that are not yet trusted, and public reports.
// Approving a submission applies it to the live group; rejecting keeps a reason its submitter reads.
import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/types.js';
import { isUuid } from '../../lib/ids.js';
import { notFound, ProblemError } from '../../lib/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { GroupInput } from '../groups/groups.model.js';
import {
  findGroupId,
  lockExternalId,
  lockGroup,
  meetingsOf,
  updateGroupContent,
  updateGroupState,
} from '../groups/groups.repository.js';
import type { Principal } from '../keys/keys.service.js';
import { diff, inputFromRow } from '../submissions/group-input.js';
import {
  decideRevision,
  insertReport,
  lockReport,
  lockRevision,
  queue,
  resolveReport,
} from './moderation.repository.js';

type Executor = Kysely<Database>;

export interface ReportInput {
  field: string;
  problem: string;
  suggestion?: string | null;
}

export class ModerationService {
  constructor(private readonly db: Db) {}

  async queue(limit: number) {
    const { revisions, reports } = await queue(this.db, limit);
    const items = [
      ...revisions.map((r) => ({
        id: r.id,
        type: 'submission' as const,
        kind: r.kind,
        created_at: r.created_at,
        group: { id: r.group_id, name: r.group_name, status: r.group_status },
        organization: { id: r.organization_id, name: r.organization_name },
        proposed: r.data,
        field: null,
        problem: null,
        suggestion: null,
      })),
      ...reports.map((p) => ({
        id: p.id,
        type: 'report' as const,
        kind: null,
        created_at: p.created_at,
        group: { id: p.group_id, name: p.group_name, status: p.group_status },
        organization: { id: p.organization_id, name: p.organization_name },
        proposed: null,
        field: p.field,
        problem: p.problem,
        suggestion: p.suggestion,
      })),
    ]
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
      .slice(0, limit);
    return items.map((i) => ({ ...i, created_at: i.created_at.toISOString() }));
  }

  async approve(trx: Executor, principal: Principal, itemId: string, note: string | null) {
    // GraphQL's ID is any string; a non-UUID would be a Postgres cast error (a 500), not "not found".
    if (!isUuid(itemId)) throw notFound('Queue item');
    const revision = await lockRevision(trx, itemId);
    if (revision) {
      if (revision.status !== 'pending') throw decided(revision.status);
      const row = await lockGroup(trx, revision.group_id);
      if (!row) throw notFound('Group');
      const live = inputFromRow(row, await meetingsOf(trx, row.id));
      const proposed = revision.data as unknown as GroupInput;
      // The external id was free when the change was submitted; another group may have it now.
      if (proposed.external_id && proposed.external_id !== row.external_id) {
        const holder = await lockExternalId(trx, row.organization_id, proposed.external_id);
        if (holder && holder !== row.id) throw externalIdTakenSince();
      }
      await updateGroupContent(trx, row.id, proposed, { status: 'published' });
      await decideRevision(trx, revision.id, { status: 'approved', reason: note, keyId: principal.keyId });
      await recordAudit(trx, {
        groupId: row.id,
        organizationId: row.organization_id,
        keyId: principal.keyId,
        action: 'approve',
        changes: {
          ...diff(revision.kind === 'create' ? null : live, proposed),
          ...(row.status !== 'published' ? { status: { from: row.status, to: 'published' } } : {}),
        },
        note,
      });
      return { id: revision.id, type: 'submission' as const, group_id: row.id, status: 'approved' };
    }
    const report = await lockReport(trx, itemId);
    if (!report) throw notFound('Queue item');
    if (report.status !== 'open') throw decided(report.status);
    await resolveReport(trx, report.id, { status: 'resolved', resolution: note, keyId: principal.keyId });
    await this.auditReport(trx, principal, report.group_id, 'report_resolved', note);
    return { id: report.id, type: 'report' as const, group_id: report.group_id, status: 'resolved' };
  }

  async reject(trx: Executor, principal: Principal, itemId: string, reason: string) {
    if (!isUuid(itemId)) throw notFound('Queue item');
    const revision = await lockRevision(trx, itemId);
    if (revision) {
      if (revision.status !== 'pending') throw decided(revision.status);
      const row = await lockGroup(trx, revision.group_id);
      if (!row) throw notFound('Group');
      await decideRevision(trx, revision.id, { status: 'rejected', reason, keyId: principal.keyId });
      // A new listing that is rejected is not listed; a rejected edit leaves the live group as it is.
      if (revision.kind === 'create' && row.status !== 'published') {
        await updateGroupState(trx, row.id, { status: 'rejected' });
      }
      await recordAudit(trx, {
        groupId: row.id,
        organizationId: row.organization_id,
        keyId: principal.keyId,
        action: 'reject',
        changes:
          revision.kind === 'create' && row.status !== 'published'
            ? { status: { from: row.status, to: 'rejected' } }
            : {},
        note: reason,
      });
      return { id: revision.id, type: 'submission' as const, group_id: row.id, status: 'rejected' };
    }
    const report = await lockReport(trx, itemId);
    if (!report) throw notFound('Queue item');
    if (report.status !== 'open') throw decided(report.status);
    await resolveReport(trx, report.id, { status: 'dismissed', resolution: reason, keyId: principal.keyId });
    await this.auditReport(trx, principal, report.group_id, 'report_dismissed', reason);
    return { id: report.id, type: 'report' as const, group_id: report.group_id, status: 'dismissed' };
  }

  /** A public "this listing is wrong" report on a published group. */
  async report(trx: Executor, idOrSlug: string, input: ReportInput) {
    const found = await findGroupId(trx, idOrSlug);
    if (found?.status !== 'published') throw notFound('Group');
    const row = await insertReport(trx, {
      groupId: found.id,
      field: input.field,
      problem: input.problem,
      suggestion: input.suggestion ?? null,
    });
    return { id: row.id, group_id: found.id, status: 'open', created_at: row.created_at.toISOString() };
  }

  private async auditReport(
    trx: Executor,
    principal: Principal,
    groupId: string,
    action: string,
    note: string | null,
  ) {
    const group = await lockGroup(trx, groupId);
    await recordAudit(trx, {
      groupId,
      organizationId: group?.organization_id ?? null,
      keyId: principal.keyId,
      action,
      note,
    });
  }
}

function externalIdTakenSince(): ProblemError {
  return new ProblemError(
    409,
    'invalid_state',
    'Conflict',
    'Since this change was submitted, another group of the organization took its external_id; reject it',
  );
}

function decided(status: string): ProblemError {
  return new ProblemError(409, 'invalid_state', 'Already decided', `This item is already ${status}`);
}
