// Publishable keys (`cir_pk_...`): read-only keys an embedding site puts in its page source, bound
// to the origins allowed to use them. They carry the single scope `read` and a list of origins.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE api_keys
      ADD COLUMN allowed_origins text[],
      DROP CONSTRAINT api_keys_scopes_check,
      ADD CONSTRAINT api_keys_scopes_check
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submit', 'moderate', 'admin', 'read']),
      -- A key is publishable exactly when it reads only, and then it names at least one origin.
      ADD CONSTRAINT api_keys_publishable_check
        CHECK ((scopes = ARRAY['read']) = (allowed_origins IS NOT NULL AND cardinality(allowed_origins) > 0))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM api_keys WHERE scopes = ARRAY['read']`.execute(db);
  await sql`
    ALTER TABLE api_keys
      DROP CONSTRAINT api_keys_publishable_check,
      DROP CONSTRAINT api_keys_scopes_check,
      ADD CONSTRAINT api_keys_scopes_check
        CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submit', 'moderate', 'admin']),
      DROP COLUMN allowed_origins
  `.execute(db);
}
