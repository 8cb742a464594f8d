// The search conformance cases (conformance-cases.ts) against the Postgres engine, on a fresh
// database holding the same rows the Meilisearch runner indexes (meilisearch/engine.test.ts).
// Rows go in as they are, with their fixed ids and timestamps; the search_vector and search_words
// are filled by the database triggers, as for any insert.
import t from 'tap';
import type { MeetingsTable } from '../../src/db/types.js';
import { TaxonomyService } from '../../src/modules/taxonomy/taxonomy.service.js';
import { PostgresSearchEngine } from '../../src/search/postgres-engine.js';
import { createTestDatabase } from '../helper.js';
import { conformance, GROUPS, ORGANIZATIONS } from './conformance-cases.js';

const { db } = await createTestDatabase(t);

await db
  .insertInto('organizations')
  .values(ORGANIZATIONS.map((o) => ({ id: o.id, name: o.name, slug: `o-${o.id}` })))
  .execute();
// fixture() keeps the whole group and meeting rows of groupRowValues() (timezone, contact, meeting
// position and duration, ...); its types show only what a search document needs.
type GroupRow = (typeof GROUPS)[number]['fixture']['row'] & { timezone: string };
await db
  .insertInto('groups')
  .values(GROUPS.map((g) => ({ ...(g.fixture.row as GroupRow), slug: `g-${g.fixture.row.id}` })))
  .execute();
type MeetingRow = Omit<MeetingsTable, 'id' | 'group_id' | 'position'> & { position: number };
await db
  .insertInto('meetings')
  .values(
    GROUPS.flatMap((g) =>
      (g.fixture.meetings as MeetingRow[]).map((m) => ({ ...m, group_id: g.fixture.row.id })),
    ),
  )
  .execute();

const taxonomyService = new TaxonomyService(db);
const engine = new PostgresSearchEngine(db, () => taxonomyService.get());
conformance(t, (query) => engine.search(query), 'postgres');
