// The search index's outbox: every change of a group leaves a row in the same transaction (a
// trigger, so no writer can forget it); the indexer drains it into Meilisearch after commit.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE search_outbox (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      group_id        uuid NOT NULL,
      version         integer NOT NULL,
      attempts        integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error      text,
      created_at      timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX search_outbox_due_idx ON search_outbox (next_attempt_at, id)`.execute(db);

  // The version of each group the index holds: an older write never overwrites a newer one.
  await sql`
    CREATE TABLE search_index_state (
      group_id        uuid PRIMARY KEY,
      indexed_version integer NOT NULL,
      indexed_at      timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);

  await sql`
    CREATE FUNCTION circles_search_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        INSERT INTO search_outbox (group_id, version) VALUES (OLD.id, OLD.version + 1);
        RETURN OLD;
      END IF;
      INSERT INTO search_outbox (group_id, version) VALUES (NEW.id, NEW.version);
      RETURN NEW;
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER groups_search_outbox AFTER INSERT OR UPDATE OR DELETE ON groups
    FOR EACH ROW EXECUTE FUNCTION circles_search_outbox()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS groups_search_outbox ON groups`.execute(db);
  await sql`DROP FUNCTION IF EXISTS circles_search_outbox()`.execute(db);
  await sql`DROP TABLE IF EXISTS search_index_state`.execute(db);
  await sql`DROP TABLE IF EXISTS search_outbox`.execute(db);
}
