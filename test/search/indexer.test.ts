// The outbox never loses an update: writes while the indexer is stopped wait in the outbox; a
// restarted indexer drains them exactly once per version; two indexers never send the same entry;
// an older version never overwrites a newer one; failed tasks are retried later.

import { sql } from 'kysely';
import { Meilisearch } from 'meilisearch';
import t from 'tap';
import { type DocumentLoader, Indexer, outboxBacklog } from '../../src/search/indexer.js';
import { MeilisearchSink } from '../../src/search/meilisearch-sink.js';
import { createTestDatabase } from '../helper.js';
import { addGroups } from '../support/fixtures.js';
import { startStandIn } from '../support/meilisearch-standin.js';

const { db } = await createTestDatabase(t);
const standIn = await startStandIn();
t.teardown(() => standIn.close());
const client = new Meilisearch({ host: standIn.url, timeout: 2_000 });
const sink = new MeilisearchSink(client, () => 'groups', 2_000);

// Published groups become documents; anything else is removed from the index.
const load: DocumentLoader = async (ids) => {
  const rows = await db
    .selectFrom('groups')
    .select(['id', 'version', 'name'])
    .where('id', 'in', ids)
    .where('status', '=', 'published')
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, version: r.version, name: r.name }]));
};
const indexer = () => new Indexer(db, sink, load, { batchSize: 50, backoffMs: 60_000 });

await sql`DELETE FROM search_outbox`.execute(db);

t.test(
  '200 writes while the indexer is stopped wait in the outbox; a restart drains each once',
  async (t) => {
    const ids = await addGroups(
      db,
      Array.from({ length: 100 }, (_, i) => ({ name: `Outbox Group ${i}` })),
    );
    for (const id of ids) {
      await db
        .updateTable('groups')
        .set((eb) => ({ name: sql`name || ' (edited)'`, version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .execute();
    }
    t.equal(await outboxBacklog(db), 200, 'one entry per write, none lost');
    const drained = await indexer().drainAll();
    t.equal(drained, 200);
    t.equal(await outboxBacklog(db), 0);
    t.equal(standIn.received.length, 100, 'each group sent once, at its newest version');
    t.ok(standIn.received.every((d) => d.version === 2));
  },
);

t.test('two indexers at once never send the same entry', async (t) => {
  standIn.received.length = 0;
  const ids = await addGroups(
    db,
    Array.from({ length: 150 }, (_, i) => ({ name: `Parallel Group ${i}` })),
  );
  const [a, b] = await Promise.all([indexer().drainAll(), indexer().drainAll()]);
  t.equal(a + b, 150);
  const sent = standIn.received.map((d) => d.id);
  t.equal(new Set(sent).size, sent.length, 'no duplicates');
  t.same(new Set(sent), new Set(ids));
});

t.test('an older version never overwrites a newer one', async (t) => {
  standIn.received.length = 0;
  const [id] = await addGroups(db, [{ name: 'Versioned Group' }]);
  await db
    .updateTable('groups')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', id!)
    .execute();
  await indexer().drainAll();
  t.same(standIn.received, [{ id, version: 2 }]);
  // A late entry for version 1 (a slow writer's) arrives after version 2 was indexed.
  await db.insertInto('search_outbox').values({ group_id: id!, version: 1 }).execute();
  await indexer().drainAll();
  t.equal(standIn.received.length, 1, 'nothing sent for the older version');
  const state = await db
    .selectFrom('search_index_state')
    .select('indexed_version')
    .where('group_id', '=', id!)
    .executeTakeFirstOrThrow();
  t.equal(state.indexed_version, 2);
});

t.test('unpublished groups are removed from the index', async (t) => {
  standIn.deleted.length = 0;
  const [id] = await addGroups(db, [{ name: 'Soon Archived' }]);
  await indexer().drainAll();
  await db
    .updateTable('groups')
    .set((eb) => ({ status: 'archived', version: eb('version', '+', 1) }))
    .where('id', '=', id!)
    .execute();
  await indexer().drainAll();
  t.same(standIn.deleted, [id]);
});

t.test('failed tasks and outages keep the entries for a later retry', async (t) => {
  standIn.received.length = 0;
  const [id] = await addGroups(db, [{ name: 'Retry Group' }]);
  standIn.mode = 'fail-tasks';
  await indexer().drainOnce();
  let entry = await db
    .selectFrom('search_outbox')
    .selectAll()
    .where('group_id', '=', id!)
    .executeTakeFirstOrThrow();
  t.equal(entry.attempts, 1);
  t.match(entry.last_error, /failed/);
  t.ok(entry.next_attempt_at > new Date(), 'backed off');
  standIn.mode = 'down';
  await db
    .updateTable('search_outbox')
    .set({ next_attempt_at: new Date(0) })
    .execute();
  await indexer().drainOnce();
  entry = await db
    .selectFrom('search_outbox')
    .selectAll()
    .where('group_id', '=', id!)
    .executeTakeFirstOrThrow();
  t.equal(entry.attempts, 2, 'an outage is a failure too');
  standIn.mode = 'ok';
  await db
    .updateTable('search_outbox')
    .set({ next_attempt_at: new Date(0) })
    .execute();
  await indexer().drainAll();
  t.same(standIn.received, [{ id, version: 1 }], 'sent once the index is back');
  t.equal(await outboxBacklog(db), 0);
});
