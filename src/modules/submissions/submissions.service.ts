// Nonprofits' writes: create, change, archive and verify their own groups. Trusted organizations
// publish directly; others go through review, and while an edit of a published group waits, the
// live version stays as it was. Every change is audited with field-level diffs. Callers pass the
// transaction, so a write, its audit entry and its idempotency record commit together or not at all.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { notFound, ProblemError } from '../../lib/problem.js';
import { slugify } from '../../lib/text.js';
import { recordAudit } from '../audit/audit.repository.js';
import type { GroupInput } from '../groups/groups.model.js';
import {
  findGroupId,
  insertGroups,
  lockExternalId,
  lockGroup,
  meetingsOf,
  updateGroupContent,
  updateGroupState,
} from '../groups/groups.repository.js';
import type { Principal } from '../keys/keys.service.js';
import { insertRevision, pendingRevision, supersedePending } from '../moderation/moderation.repository.js';
import type { TaxonomyService } from '../taxonomy/taxonomy.service.js';
import { ownsGroup } from './access.js';
import { applyPatch, canonical, diff, inputFromRow, validateGroup } from './group-input.js';
import type { GroupCreateBody, GroupPatchBody } from './submissions.schemas.js';

type Executor = Kysely<Database>;

export class SubmissionsService {
  constructor(private readonly taxonomy: TaxonomyService) {}

  async create(trx: Executor, principal: Principal, body: GroupCreateBody | GroupInput): Promise<string> {
    const organizationId = principal.organizationId;
    if (!organizationId)
      throw new ProblemError(403, 'forbidden', 'Forbidden', 'Only an organization key can submit groups');
    const input = canonical(body);
    validateGroup(input, await this.taxonomy.get());
    if (input.external_id && (await lockExternalId(trx, organizationId, input.external_id))) {
      throw externalIdTaken();
    }
    return this.insert(trx, principal, organizationId, input, (body as GroupInput).last_verified_at);
  }

  /** A new group, validated, whose external id (if any) is known to be free under its lock. */
  private async insert(
    trx: Executor,
    principal: Principal,
    organizationId: string,
    input: GroupInput,
    lastVerifiedAt: Date | null | undefined,
  ): Promise<string> {
    const status = principal.trusted ? 'published' : 'pending_review';
    const slug = `${slugify(input.name).slice(0, 60)}-${randomBytes(3).toString('hex')}`;
    // Creating a listing counts as verifying it (imports may carry the feed's own date).
    const verifiedAt = lastVerifiedAt ?? new Date();
    const [id] = await insertGroups(trx, [
      { organizationId, slug, status, input: { ...input, last_verified_at: verifiedAt } },
    ]);
    if (!principal.trusted) {
      await insertRevision(trx, { groupId: id!, kind: 'create', data: input, keyId: principal.keyId });
    }
    await recordAudit(trx, {
      groupId: id!,
      organizationId,
      keyId: principal.keyId,
      action: principal.trusted ? 'create' : 'submit_create',
      changes: diff(null, input),
    });
    return id!;
  }

  async update(
    trx: Executor,
    principal: Principal,
    id: string,
    patch: GroupPatchBody,
    ifMatch: number,
  ): Promise<void> {
    const row = await this.lockOwned(trx, principal, id);
    if (row.version !== ifMatch) throw stale(row.version);
    // Archived is the end of a listing, as for verify: an edit would change a listing nobody sees
    // (trusted) or queue it for review, where approval would publish it again behind the owner's back.
    refuseIfArchived(row.status, 'changed');
    const current = inputFromRow(row, await meetingsOf(trx, id));
    const next = applyPatch(current, patch);
    validateGroup(next, await this.taxonomy.get());
    if (next.external_id && next.external_id !== current.external_id) {
      const holder = await lockExternalId(trx, row.organization_id, next.external_id);
      if (holder && holder !== id) throw externalIdTaken();
    }
    await this.change(trx, principal, row, current, next);
  }

  /**
   * One imported group, matched on its external id within the key's organization: created,
   * updated (through the same moderation rules as an edit) or unchanged.
   */
  async importGroup(
    trx: Executor,
    principal: Principal,
    input: GroupInput,
  ): Promise<{ result: 'created' | 'updated' | 'unchanged'; id: string }> {
    const organizationId = principal.organizationId!;
    const next = canonical(input);
    const existing = next.external_id ? await lockExternalId(trx, organizationId, next.external_id) : null;
    if (!existing) {
      // The external id is free, and stays so under lockExternalId's lock until this commits.
      validateGroup(next, await this.taxonomy.get());
      const id = await this.insert(trx, principal, organizationId, next, input.last_verified_at);
      return { result: 'created', id };
    }
    const row = await lockGroup(trx, existing);
    if (!row) throw notFound('Group');
    // As for PATCH: an archived listing stays archived, whatever a feed still says of it. The row is
    // reported with this reason (the feed may still list a group its owner or a moderator ended).
    refuseIfArchived(row.status, 'changed');
    const current = inputFromRow(row, await meetingsOf(trx, row.id));
    validateGroup(next, await this.taxonomy.get());
    const changed = await this.change(trx, principal, row, current, next);
    return { result: changed ? 'updated' : 'unchanged', id: row.id };
  }

  /** Apply (or queue for review) a change of content; false when nothing differs. */
  private async change(
    trx: Executor,
    principal: Principal,
    row: NonNullable<Awaited<ReturnType<typeof lockGroup>>>,
    current: GroupInput,
    next: GroupInput,
  ): Promise<boolean> {
    const id = row.id;
    const changes = diff(current, next);
    if (Object.keys(changes).length === 0) return false;

    const audit = { groupId: id, organizationId: row.organization_id, keyId: principal.keyId };
    if (principal.trusted || row.status !== 'published') {
      // Applied now. A group of an organization under review that is not yet live stays in review
      // with its latest content.
      await updateGroupContent(trx, id, next);
      if (!principal.trusted) {
        await supersedePending(trx, id);
        await insertRevision(trx, { groupId: id, kind: 'create', data: next, keyId: principal.keyId });
        if (row.status === 'rejected' || row.status === 'draft')
          await updateGroupState(trx, id, { status: 'pending_review' });
      }
      await recordAudit(trx, { ...audit, action: 'update', changes });
      return true;
    }
    // A published group of an organization under review: the edit waits; the live row is untouched.
    // A re-import of the same content while it waits changes nothing.
    const pending = await pendingRevision(trx, id);
    if (pending && Object.keys(diff(pending.data as unknown as GroupInput, next)).length === 0) return false;
    await supersedePending(trx, id);
    await insertRevision(trx, { groupId: id, kind: 'update', data: next, keyId: principal.keyId });
    await recordAudit(trx, { ...audit, action: 'submit_update', changes });
    return true;
  }

  async archive(trx: Executor, principal: Principal, id: string, ifMatch: number): Promise<void> {
    const row = await this.lockOwned(trx, principal, id);
    if (row.version !== ifMatch) throw stale(row.version);
    if (row.status === 'archived') return;
    await supersedePending(trx, id);
    await updateGroupState(trx, id, { status: 'archived' });
    await recordAudit(trx, {
      groupId: id,
      organizationId: row.organization_id,
      keyId: principal.keyId,
      action: 'archive',
      changes: { status: { from: row.status, to: 'archived' } },
    });
  }

  async verify(trx: Executor, principal: Principal, id: string): Promise<void> {
    const row = await this.lockOwned(trx, principal, id);
    refuseIfArchived(row.status, 'verified');
    const now = new Date();
    await updateGroupState(trx, id, { last_verified_at: now });
    await recordAudit(trx, {
      groupId: id,
      organizationId: row.organization_id,
      keyId: principal.keyId,
      action: 'verify',
      changes: { last_verified_at: { from: row.last_verified_at, to: now } },
    });
  }

  /** The group, locked, if the key's organization owns it; otherwise 404 (existence is not revealed). */
  private async lockOwned(trx: Executor, principal: Principal, id: string) {
    const found = await findGroupId(trx, id);
    if (!found || !ownsGroup(principal, found.organization_id)) throw notFound('Group');
    const row = await lockGroup(trx, found.id);
    if (!row) throw notFound('Group');
    return row;
  }
}

function stale(current: number): ProblemError {
  return new ProblemError(
    412,
    'precondition_failed',
    'Precondition failed',
    `The group changed since you read it (now at version ${current}); read it again and retry`,
    [{ name: 'If-Match', in: 'header', reason: `does not match the current ETag "${current}"` }],
  );
}

export type { GroupInput };

/** An organization's external ids are unique: imports match on them. */
function externalIdTaken(): ProblemError {
  const reason = 'is already used by another group of your organization';
  return new ProblemError(409, 'invalid_state', 'Conflict', `external_id ${reason}`, [
    { name: 'external_id', in: 'body', reason },
  ]);
}

/** Archived is the end of a listing: it is not changed (PATCH, imports) nor verified again. */
function refuseIfArchived(status: string, what: 'changed' | 'verified'): void {
  if (status === 'archived') {
    throw new ProblemError(409, 'invalid_state', 'Archived', `An archived group cannot be ${what}`);
  }
}
