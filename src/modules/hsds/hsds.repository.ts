// The one query the HSDS API needs that no other service has: organizations by page number, with
// an optional word search and the total. Everything about groups goes through GroupsService.
import { sql } from 'kysely';
import type { Db } from '../../db/connect.js';

/**
 * Organizations in name order, `limit` from `offset`, whose name or description holds every word
 * (folded words: letters and digits only, so nothing in them is a LIKE wildcard).
 */
export async function organizationsPage(db: Db, words: string[], offset: number, limit: number) {
  let query = db.selectFrom('organizations as o');
  for (const word of words) {
    query = query.where(
      sql<string>`circles_unaccent(lower(o.name || ' ' || coalesce(o.description, '')))`,
      'like',
      `%${word}%`,
    );
  }
  const [rows, count] = await Promise.all([
    query
      .select(['o.id', 'o.name', 'o.description', 'o.website'])
      .orderBy('o.name')
      .orderBy('o.id')
      .offset(offset)
      .limit(limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
