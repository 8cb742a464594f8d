// Indexes for the search shapes measured by `npm run bench:explain` at 100,000 groups.
//
// - GIN indexes without a pending list (fastupdate = off). With it on, inserts are queued in an
//   unsorted list that every search scans in full until a vacuum merges it: after seeding 100,000
//   groups each GIN condition cost 8-16 ms instead of under 1 ms. This directory is read far more
//   than written, so writes pay the merge instead.
// - Public listings newest first are read in index order (sort=updated, the default without text
//   or place), so a page stops after its rows instead of sorting every match.
// - Counting published, fresh groups (optionally by attendance: the online groups every `near`
//   search includes) is an index-only scan: the index holds the freshness expression, the columns
//   it is computed from, and lat (online groups without a place).
// - Each group's point on the earthdistance sphere is stored (earth_point), not recomputed per row:
//   ll_to_earth() checks its domain on every call, which made a 25-mile radius around New York
//   (5,500 groups) cost 30 ms instead of 8 ms.
// - Online groups with a place are rare but sorted by their distance in a `near` search, so they
//   get an index of their own (src/search/postgres-engine.ts reads them as a separate branch).
import { type Kysely, sql } from 'kysely';

const GIN_INDEXES = [
  'groups_search_vector_idx',
  'groups_name_trgm_idx',
  'groups_conditions_idx',
  'groups_affinities_idx',
  'groups_languages_idx',
  'groups_accessibility_idx',
  'groups_meeting_days_idx',
  'groups_schedule_slots_idx',
  'search_words_trgm_idx',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of GIN_INDEXES) {
    await sql`ALTER INDEX ${sql.id(index)} SET (fastupdate = off)`.execute(db);
    // Merge what is already queued; turning the option off only stops new entries queueing.
    await sql`SELECT gin_clean_pending_list(${index}::regclass)`.execute(db);
  }
  await sql`
    ALTER TABLE groups ADD COLUMN earth_point cube GENERATED ALWAYS AS (ll_to_earth(lat, lng)::cube) STORED
  `.execute(db);
  await sql`DROP INDEX groups_earth_idx`.execute(db);
  await sql`CREATE INDEX groups_earth_point_idx ON groups USING gist (earth_point) WHERE lat IS NOT NULL`.execute(
    db,
  );
  await sql`
    CREATE INDEX groups_published_updated_idx ON groups (updated_at DESC, id DESC) WHERE status = 'published'
  `.execute(db);
  await sql`
    CREATE INDEX groups_published_fresh_idx
        ON groups (attendance, (coalesce(last_verified_at, created_at)))
        INCLUDE (last_verified_at, created_at, lat)
     WHERE status = 'published'
  `.execute(db);
  await sql`
    CREATE INDEX groups_online_located_idx ON groups (id)
     WHERE status = 'published' AND attendance = 'online' AND lat IS NOT NULL
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS groups_online_located_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS groups_published_fresh_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS groups_published_updated_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS groups_earth_point_idx`.execute(db);
  await sql`ALTER TABLE groups DROP COLUMN IF EXISTS earth_point`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS groups_earth_idx ON groups USING gist (ll_to_earth(lat, lng)) WHERE lat IS NOT NULL`.execute(
    db,
  );
  for (const index of GIN_INDEXES) {
    await sql`ALTER INDEX ${sql.id(index)} RESET (fastupdate)`.execute(db);
  }
}
