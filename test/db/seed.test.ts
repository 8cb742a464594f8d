// Seeding a generated directory: the GIN indexes queue entries during the load and merge them at
// the end, so afterwards they are back to fastupdate=off with nothing queued, and search finds
// the seeded groups through them.
import { sql } from 'kysely';
import t from 'tap';
import { seedDirectory } from '../../src/db/seed.js';
import { createTestDatabase } from '../helper.js';

const { db } = await createTestDatabase(t);

async function ginOptions(): Promise<Record<string, string[] | null>> {
  const { rows } = await sql<{ name: string; options: string[] | null }>`
    SELECT c.relname AS name, c.reloptions AS options
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
     WHERE a.amname = 'gin' AND i.indrelid IN ('groups'::regclass, 'search_words'::regclass)
     ORDER BY 1`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.options]));
}

t.test('seeding restores every GIN index to no pending list, and the rows are found', async (t) => {
  const before = await ginOptions();
  t.ok(Object.keys(before).length >= 8, 'the search GIN indexes');
  t.ok(
    Object.values(before).every((o) => o?.includes('fastupdate=off')),
    'the schema keeps fastupdate off',
  );
  const { groups } = await seedDirectory(db, { groups: 300, seed: 7, batchSize: 100 });
  t.equal(groups, 300);
  t.same(await ginOptions(), before, 'the same index options after the load');
  // Rows reach the GIN indexes: with sequential scans off (in one transaction, so on the same
  // connection), the index scan over conditions finds every matching row.
  const rows = await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const plan = await sql<{ 'QUERY PLAN': string }>`
      EXPLAIN SELECT count(*) FROM groups WHERE conditions && ARRAY['depression']`.execute(trx);
    t.match(
      plan.rows.map((r) => r['QUERY PLAN']).join('\n'),
      /groups_conditions_idx/,
      'read through the index',
    );
    return (
      await sql<{ n: number }>`
        SELECT count(*)::int AS n FROM groups WHERE conditions && ARRAY['depression']`.execute(trx)
    ).rows;
  });
  const { rows: all } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM groups WHERE 'depression' = ANY (conditions)`.execute(db);
  t.ok(rows[0]!.n > 0);
  t.equal(rows[0]!.n, all[0]!.n, 'the index finds every matching row');
});
