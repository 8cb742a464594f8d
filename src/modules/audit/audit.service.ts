import type { Db } from '../../db/connect.js';
import { notFound, ProblemError } from '../../lib/problem.js';
import { findGroupId } from '../groups/groups.repository.js';
import type { Principal } from '../keys/keys.service.js';
import { canModerate, ownsGroup } from '../submissions/access.js';
import { listHistory } from './audit.repository.js';

export class HistoryService {
  constructor(private readonly db: Db) {}

  /** The audit trail of a group, for its owner and moderators; for anyone else it does not exist. */
  async list(principal: Principal, idOrSlug: string, limit: number, cursor: string | null) {
    const found = await findGroupId(this.db, idOrSlug);
    if (!found || !(ownsGroup(principal, found.organization_id) || canModerate(principal)))
      throw notFound('Group');
    // The schema allows 40 digits; past bigint's range Postgres answered ERROR and the client a 500
    // (found by fuzzing). No history entry has such an id, so the cursor is not one we gave out.
    if (cursor !== null && BigInt(cursor) > 9_223_372_036_854_775_807n)
      throw new ProblemError(
        400,
        'invalid_cursor',
        'Invalid cursor',
        'cursor: is not a cursor of this history',
        [{ name: 'cursor', in: 'query', reason: 'is not a cursor of this history' }],
      );
    const rows = await listHistory(this.db, found.id, limit, cursor);
    const page = rows.slice(0, limit);
    return {
      data: page.map((r) => ({
        id: String(r.id),
        action: r.action,
        at: r.created_at.toISOString(),
        organization_id: r.organization_id,
        key: r.api_key_id ? { id: r.api_key_id, prefix: r.key_prefix ?? '' } : null,
        changes: r.changes,
        note: r.note,
      })),
      meta: { next_cursor: rows.length > limit ? String(page.at(-1)!.id) : null },
    };
  }
}
