// Planner statistics for the freshness filter every public search carries
// (coalesce(last_verified_at, created_at) >= now - 365 days). Without them PostgreSQL guesses a
// third of the rows match when nearly all do, and at 100,000 groups picks plans sized for the
// wrong number of rows (bench/results/explain: 31,426 estimated, 88,129 actual).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE STATISTICS groups_verified_or_created_stats ON (coalesce(last_verified_at, created_at)) FROM groups
  `.execute(db);
  await sql`ANALYZE groups`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP STATISTICS IF EXISTS groups_verified_or_created_stats`.execute(db);
}
