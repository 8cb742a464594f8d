// The Meilisearch engine against a real Meilisearch server: settings applied before documents,
// documents built from realistic rows, and the search conformance cases (../conformance-cases.ts),
// whose answers are the ones the Postgres engine gives on the same data (ids, order, totals, facets,
// distances; see ../conformance-postgres.test.ts). Runs only when MEILISEARCH_URL is set
// (MEILISEARCH_KEY for a protected server); it creates a throw-away index and deletes it.
// A loopback stand-in would prove nothing here (FIELD-NOTES), so without a server it is skipped.
import { randomBytes } from 'node:crypto';
import { Meilisearch, type Task } from 'meilisearch';
import t from 'tap';
import { toSearchDocument } from '../../../src/search/meilisearch/document.js';
import { MeilisearchSearchEngine } from '../../../src/search/meilisearch/engine.js';
import { indexSettings } from '../../../src/search/meilisearch/settings.js';
import { conformance, GROUPS } from '../conformance-cases.js';
import { searchQuery, seedTaxonomy } from './support.js';

const url = process.env.MEILISEARCH_URL;
const skip = url ? false : 'MEILISEARCH_URL is not set: no Meilisearch server on this machine';

t.test('Meilisearch engine against a real server', { skip }, async (t) => {
  const client = new Meilisearch({ host: url!, apiKey: process.env.MEILISEARCH_KEY, timeout: 10_000 });
  const uid = `circles_test_${randomBytes(6).toString('hex')}`;
  const succeeded = (task: Task, what: string) => {
    if (task.status !== 'succeeded') throw new Error(`${what}: ${task.status} ${task.error?.message ?? ''}`);
  };
  succeeded(
    await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 30_000 }),
    'create index',
  );
  t.teardown(async () => {
    await client.deleteIndex(uid).waitTask({ timeout: 30_000 });
  });
  const taxonomy = seedTaxonomy();
  const index = client.index(uid);
  succeeded(await index.updateSettings(indexSettings(taxonomy)).waitTask({ timeout: 60_000 }), 'settings');
  // All GROUPS are published, so all are documents: F too, which the freshness filter must keep out.
  const documents = GROUPS.map((g) =>
    toSearchDocument(g.fixture.row, g.fixture.meetings, g.organization, taxonomy),
  );
  succeeded(
    await index.addDocuments(documents, { primaryKey: 'id' }).waitTask({ timeout: 60_000 }),
    'documents',
  );

  const engine = new MeilisearchSearchEngine({ client, indexUid: uid, timeoutMs: 5_000 });
  conformance(t, (query) => engine.search(query), 'meilisearch');

  // Meilisearch only: next-meeting order is computed over a window of candidates, and a search
  // with more matches than the window is refused rather than answered in a wrong order.
  t.test('meilisearch: next meeting beyond the window is refused', async (t) => {
    const narrow = new MeilisearchSearchEngine({
      client,
      indexUid: uid,
      timeoutMs: 5_000,
      nextMeetingWindow: 3,
    });
    await t.rejects(narrow.search(searchQuery({ sort: 'next_meeting' })), { code: 'query_too_complex' });
  });
});
