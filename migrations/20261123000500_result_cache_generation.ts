// A generation number for the in-memory result caches of every API instance
// (src/search/result-cache.ts). Any transaction that writes groups, meetings, organizations or
// taxonomy terms bumps it once, at commit time (a deferred constraint trigger), so a cache entry
// tagged with an older generation is never served after a change has committed, whichever
// instance made it. Deferring to commit also means the row lock on the counter is taken last and
// held only for the commit itself: writers never wait for it while holding other row locks.
import { type Kysely, sql } from 'kysely';

const TABLES = ['groups', 'meetings', 'organizations', 'taxonomy_terms'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE cache_generation (
      id         boolean PRIMARY KEY DEFAULT true CHECK (id),
      generation bigint NOT NULL DEFAULT 1
    )
  `.execute(db);
  await sql`INSERT INTO cache_generation DEFAULT VALUES`.execute(db);
  // Once per transaction: a transaction-local setting remembers that this one already bumped.
  await sql`
    CREATE FUNCTION circles_bump_cache_generation() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('circles.cache_bumped', true) IS DISTINCT FROM txid_current()::text THEN
        UPDATE cache_generation SET generation = generation + 1;
        PERFORM set_config('circles.cache_bumped', txid_current()::text, true);
      END IF;
      RETURN NULL;
    END
    $$
  `.execute(db);
  for (const table of TABLES) {
    await sql`
      CREATE CONSTRAINT TRIGGER ${sql.id(`${table}_cache_generation`)}
      AFTER INSERT OR UPDATE OR DELETE ON ${sql.table(table)}
      DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION circles_bump_cache_generation()
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) {
    await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_cache_generation`)} ON ${sql.table(table)}`.execute(
      db,
    );
  }
  await sql`DROP FUNCTION IF EXISTS circles_bump_cache_generation()`.execute(db);
  await sql`DROP TABLE IF EXISTS cache_generation`.execute(db);
}
