// Loading seed data: the vocabularies (always kept in sync with seeds/taxonomy) and the generated
// demo or benchmark directory (only into an empty database, or on request).
import { sql } from 'kysely';
import { loadTaxonomy } from '../../seeds/data.js';
import { type GeneratedGroup, generateGroupBatches, REFERENCE_DATE } from '../../seeds/generate.js';
import { SHOWCASE_GROUPS, SHOWCASE_ORGANIZATION } from '../../seeds/showcase.js';
import { insertGroups } from '../modules/groups/groups.repository.js';
import { insertOrganizations } from '../modules/organizations/organizations.repository.js';
import type { Db } from './connect.js';

/** Upsert every vocabulary and term from seeds/taxonomy; idempotent. */
export async function seedTaxonomy(db: Db): Promise<number> {
  const vocabularies = loadTaxonomy();
  let count = 0;
  await db.transaction().execute(async (trx) => {
    for (const [position, v] of vocabularies.entries()) {
      await trx
        .insertInto('taxonomy_vocabularies')
        .values({ code: v.vocabulary, description: v.description, position })
        .onConflict((oc) => oc.column('code').doUpdateSet({ description: v.description, position }))
        .execute();
      for (const [termPosition, term] of v.terms.entries()) {
        const values = {
          labels: JSON.stringify(term.labels),
          synonyms: term.synonyms ?? [],
          parent_code: term.parent ?? null,
          position: termPosition,
        };
        await trx
          .insertInto('taxonomy_terms')
          .values({ vocabulary: v.vocabulary, code: term.code, ...values })
          .onConflict((oc) => oc.columns(['vocabulary', 'code']).doUpdateSet(values))
          .execute();
        count++;
      }
    }
    // Words typo correction may suggest: every label and synonym of the searchable vocabularies.
    await sql`
      INSERT INTO search_words (word)
      SELECT circles_words(concat_ws(' ', t.code, t.labels->>'en', t.labels->>'es', array_to_string(t.synonyms, ' ')))
        FROM taxonomy_terms t
       WHERE t.vocabulary IN ('conditions', 'affinities')
      ON CONFLICT DO NOTHING
    `.execute(trx);
  });
  return count;
}

export interface SeedDirectoryOptions {
  groups: number;
  seed?: number;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Add the hand-written groups of seeds/showcase.ts (the demo does). */
  showcase?: boolean;
}

/**
 * Insert a generated directory, streaming: the generator yields organizations first, then groups
 * in batches, so 100,000 groups never sit in memory at once. Each batch is one transaction.
 */
export async function seedDirectory(
  db: Db,
  options: SeedDirectoryOptions,
): Promise<{ organizations: number; groups: number }> {
  return withGinPendingLists(db, () => insertDirectory(db, options));
}

/**
 * Runs a bulk load with the search tables' GIN indexes queueing new entries (fastupdate) and
 * merges the queue once at the end, then restores each index's setting. The schema keeps
 * fastupdate off, so that searches never scan a queue (migration 20261201000200); merging each
 * row's entries into eight GIN indexes as it comes made seeding 100,000 groups take 1.5 times
 * as long as merging them all at once. Changing the option locks each index for a moment: on a
 * live directory, searches wait that long at the start and at the end of a seed.
 */
async function withGinPendingLists<T>(db: Db, load: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ name: string; off: boolean }>`
    SELECT c.relname AS name, coalesce('fastupdate=off' = ANY (c.reloptions), false) AS off
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_am a ON a.oid = c.relam
     WHERE a.amname = 'gin' AND i.indrelid IN ('groups'::regclass, 'search_words'::regclass)`.execute(db);
  for (const index of rows) await sql`ALTER INDEX ${sql.id(index.name)} SET (fastupdate = on)`.execute(db);
  try {
    return await load();
  } finally {
    for (const index of rows) {
      await sql`SELECT gin_clean_pending_list(${index.name}::regclass)`.execute(db);
      if (index.off) await sql`ALTER INDEX ${sql.id(index.name)} SET (fastupdate = off)`.execute(db);
      else await sql`ALTER INDEX ${sql.id(index.name)} RESET (fastupdate)`.execute(db);
    }
  }
}

async function insertDirectory(
  db: Db,
  options: SeedDirectoryOptions,
): Promise<{ organizations: number; groups: number }> {
  const orgIds = new Map<string, string>();
  let groups = 0;
  const batches = generateGroupBatches({
    groups: options.groups,
    batchSize: options.batchSize ?? 1000,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  });
  // Generated verification dates are relative to REFERENCE_DATE (deterministic output); move them
  // to today so that the demo's freshness (stale after 180 days, hidden after 365) holds whenever
  // it is loaded.
  // The showcase groups' dates are relative to the same date, so they need the same shift.
  const shift = Date.now() - REFERENCE_DATE.getTime();
  const verifiedToday = (g: GeneratedGroup): GeneratedGroup => ({
    ...g,
    last_verified_at: g.last_verified_at ? new Date(g.last_verified_at.getTime() + shift) : null,
  });
  for (const batch of batches) {
    if (batch.kind === 'organizations') {
      const ids = await insertOrganizations(db, batch.organizations);
      for (const [i, o] of batch.organizations.entries()) orgIds.set(o.key, ids[i]!);
      continue;
    }
    await db.transaction().execute((trx) =>
      insertGroups(
        trx,
        batch.groups.map((g) => ({
          organizationId: orgIds.get(g.organization_key)!,
          slug: g.slug!,
          status: g.status,
          input: verifiedToday(g),
        })),
      ),
    );
    groups += batch.groups.length;
    options.onProgress?.(groups, options.groups);
  }
  if (options.showcase) {
    const [orgId] = await insertOrganizations(db, [SHOWCASE_ORGANIZATION]);
    orgIds.set(SHOWCASE_ORGANIZATION.key, orgId!);
    await db.transaction().execute((trx) =>
      insertGroups(
        trx,
        SHOWCASE_GROUPS.map((g) => ({
          organizationId: orgId!,
          slug: g.slug!,
          status: g.status,
          input: verifiedToday(g),
        })),
      ),
    );
    groups += SHOWCASE_GROUPS.length;
  }
  return { organizations: orgIds.size, groups };
}
