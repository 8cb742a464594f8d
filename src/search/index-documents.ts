// Loads the search documents of groups from Postgres (the source of truth), for the indexer and
// the reindex: published groups become documents; any other id is absent (to be removed).
import type { Db } from '../db/connect.js';
import type { TaxonomyService } from '../modules/taxonomy/taxonomy.service.js';
import type { DocumentLoader, IndexDocument } from './indexer.js';
import { isIndexable, toSearchDocument } from './meilisearch/document.js';

export function documentLoader(db: Db, taxonomy: TaxonomyService): DocumentLoader {
  return async (groupIds) => {
    const out = new Map<string, IndexDocument>();
    if (groupIds.length === 0) return out;
    const [rows, meetings, vocabularies] = await Promise.all([
      db
        .selectFrom('groups as g')
        .innerJoin('organizations as o', 'o.id', 'g.organization_id')
        .selectAll('g')
        .select('o.name as organization_name')
        .where('g.id', 'in', groupIds)
        .execute(),
      db
        .selectFrom('meetings')
        .select(['group_id', 'frequency', 'day', 'week_of_month', 'start_time', 'timezone'])
        .where('group_id', 'in', groupIds)
        .orderBy('group_id')
        .orderBy('position')
        .execute(),
      taxonomy.get(),
    ]);
    const byGroup = new Map<string, typeof meetings>();
    for (const m of meetings) byGroup.set(m.group_id, [...(byGroup.get(m.group_id) ?? []), m]);
    for (const row of rows) {
      if (!isIndexable(row)) continue;
      const own = byGroup.get(row.id) ?? [];
      out.set(
        row.id,
        toSearchDocument(row, own, { id: row.organization_id, name: row.organization_name }, vocabularies),
      );
    }
    return out;
  };
}

/** Ids of every published group, in id order, a page at a time (for a reindex). */
export async function* publishedGroupIds(db: Db, pageSize = 1000): AsyncGenerator<string[]> {
  let after: string | null = null;
  for (;;) {
    let query = db
      .selectFrom('groups')
      .select('id')
      .where('status', '=', 'published')
      .orderBy('id')
      .limit(pageSize);
    if (after) query = query.where('id', '>', after);
    const ids = (await query.execute()).map((r) => r.id);
    if (ids.length === 0) return;
    yield ids;
    after = ids.at(-1)!;
  }
}
