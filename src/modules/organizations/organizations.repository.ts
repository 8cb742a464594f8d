import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import type { OrganizationInput } from '../groups/groups.model.js';

type Executor = Kysely<Database>;

export async function insertOrganizations(
  db: Executor,
  organizations: OrganizationInput[],
): Promise<string[]> {
  if (organizations.length === 0) return [];
  const rows = await db
    .insertInto('organizations')
    .values(
      organizations.map((o) => ({
        slug: o.slug,
        name: o.name,
        description: o.description ?? null,
        website: o.website ?? null,
        email: o.email ?? null,
        phone: o.phone ?? null,
        trust_level: o.trust_level,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** An organization with the number of its published groups. */
export async function findOrganization(db: Executor, id: string) {
  return (await findOrganizations(db, [id]))[0];
}

/** Organizations with the number of their published groups. */
function withPublishedCount(db: Executor) {
  return db
    .selectFrom('organizations as o')
    .select(['o.id', 'o.slug', 'o.name', 'o.description', 'o.website', 'o.created_at', 'o.updated_at'])
    .select((eb) =>
      eb
        .selectFrom('groups as g')
        .whereRef('g.organization_id', '=', 'o.id')
        .where('g.status', '=', 'published')
        .select(eb.fn.countAll<number>().as('n'))
        .as('published_groups'),
    );
}

/** Organizations with the number of their published groups, in any order. */
export async function findOrganizations(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return withPublishedCount(db).where('o.id', 'in', ids).execute();
}

/** Organizations in name order, keyset-paginated. */
export async function listOrganizations(
  db: Executor,
  limit: number,
  after: { name: string; id: string } | null,
) {
  let query = withPublishedCount(db)
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(limit + 1);
  if (after)
    query = query.where((eb) => eb(eb.refTuple('o.name', 'o.id'), '>', eb.tuple(after.name, after.id)));
  return query.execute();
}

export async function slugTaken(db: Executor, slug: string): Promise<boolean> {
  return Boolean(
    await db.selectFrom('organizations').select('id').where('slug', '=', slug).executeTakeFirst(),
  );
}

export async function updateOrganization(
  db: Executor,
  id: string,
  values: {
    name?: string;
    description?: string | null;
    website?: string | null;
    trust_level?: 'new' | 'trusted';
  },
): Promise<boolean> {
  const row = await db
    .updateTable('organizations')
    .set({ ...values, updated_at: new Date() })
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return Boolean(row);
}
