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
