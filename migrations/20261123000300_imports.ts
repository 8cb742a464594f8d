// Feed imports run in the background; their progress and per-row results are kept here.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE imports (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      organization_id uuid NOT NULL REFERENCES organizations (id),
      api_key_id      uuid REFERENCES api_keys (id),
      format          text NOT NULL CHECK (format IN ('meeting_guide', 'csv')),
      status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
      total           integer NOT NULL DEFAULT 0,
      processed       integer NOT NULL DEFAULT 0,
      counts          jsonb NOT NULL DEFAULT '{}',
      results         jsonb NOT NULL DEFAULT '[]',
      error           text,
      created_at      timestamptz NOT NULL DEFAULT now(),
      finished_at     timestamptz
    )
  `.execute(db);
  await sql`CREATE INDEX imports_organization_idx ON imports (organization_id, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS imports`.execute(db);
}
