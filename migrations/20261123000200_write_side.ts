// The write side: API keys, moderation (revisions and public reports), the audit trail and
// idempotency records.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE api_keys (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid REFERENCES organizations (id),
      name            text NOT NULL,
      scopes          text[] NOT NULL
                      CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['submit', 'moderate', 'admin']),
      -- The first characters of the key, shown in lists so a person can tell keys apart.
      prefix          text NOT NULL,
      -- SHA-256 of the whole key: keys are 192-bit random, so a fast hash is enough.
      secret_hash     text NOT NULL UNIQUE,
      created_at      timestamptz NOT NULL DEFAULT now(),
      last_used_at    timestamptz,
      revoked_at      timestamptz,
      CHECK (NOT ('submit' = ANY (scopes)) OR organization_id IS NOT NULL)
    )
  `.execute(db);
  await sql`CREATE INDEX api_keys_organization_idx ON api_keys (organization_id)`.execute(db);

  // A submission waiting for (or decided by) a moderator. While an edit to a published group
  // waits, the group row keeps the live version; approval applies `data` to it.
  await sql`
    CREATE TABLE group_revisions (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      group_id     uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
      kind         text NOT NULL CHECK (kind IN ('create', 'update')),
      data         jsonb NOT NULL,
      status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
      reason       text,
      submitted_by uuid REFERENCES api_keys (id),
      decided_by   uuid REFERENCES api_keys (id),
      created_at   timestamptz NOT NULL DEFAULT now(),
      decided_at   timestamptz
    )
  `.execute(db);
  await sql`CREATE UNIQUE INDEX group_revisions_one_pending ON group_revisions (group_id) WHERE status = 'pending'`.execute(
    db,
  );
  await sql`CREATE INDEX group_revisions_group_idx ON group_revisions (group_id, created_at DESC)`.execute(
    db,
  );

  await sql`
    CREATE TABLE reports (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      group_id    uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
      field       text NOT NULL,
      problem     text NOT NULL,
      suggestion  text,
      status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
      resolution  text,
      resolved_by uuid REFERENCES api_keys (id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX reports_open_idx ON reports (created_at) WHERE status = 'open'`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      group_id        uuid REFERENCES groups (id) ON DELETE CASCADE,
      organization_id uuid REFERENCES organizations (id),
      api_key_id      uuid REFERENCES api_keys (id),
      action          text NOT NULL,
      -- {"field": {"from": ..., "to": ...}}
      changes         jsonb NOT NULL DEFAULT '{}',
      note            text,
      created_at      timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);
  await sql`CREATE INDEX audit_log_group_idx ON audit_log (group_id, id)`.execute(db);

  // A POST with an Idempotency-Key: the first response is kept and replayed for the same key.
  await sql`
    CREATE TABLE idempotency_keys (
      scope         text NOT NULL,
      key           text NOT NULL,
      request_hash  text NOT NULL,
      status_code   integer NOT NULL,
      response      jsonb NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS idempotency_keys`.execute(db);
  await sql`DROP TABLE IF EXISTS audit_log`.execute(db);
  await sql`DROP TABLE IF EXISTS reports`.execute(db);
  await sql`DROP TABLE IF EXISTS group_revisions`.execute(db);
  await sql`DROP TABLE IF EXISTS api_keys`.execute(db);
}
