// Migrations are reversible: down removes what up created, and up again restores it.
import { sql } from 'kysely';
import t from 'tap';
import { migrateDown, migrateToLatest, pendingMigrations } from '../../src/db/migrator.js';
import { createTestDatabase } from '../helper.js';

const { db } = await createTestDatabase(t);

async function tables(): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name NOT LIKE 'kysely_%' ORDER BY 1
  `.execute(db);
  return rows.map((r) => r.name);
}

t.test('down and up again', async (t) => {
  const before = await tables();
  t.ok(before.includes('groups') && before.includes('meetings'));
  t.same(await pendingMigrations(db), []);
  const reverted: string[] = [];
  for (let step = 0; step < 20; step++) {
    const names = await migrateDown(db);
    if (names.length === 0) break;
    reverted.unshift(...names);
  }
  t.ok(reverted.length >= 2, `reverted ${reverted.join(', ')}`);
  t.same(await tables(), [], 'reverting every migration leaves no tables behind');
  t.same(await pendingMigrations(db), reverted);
  await migrateToLatest(db);
  t.same(await tables(), before);
});
