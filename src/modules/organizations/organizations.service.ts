import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/types.js';
import { isUuid } from '../../lib/ids.js';
import { invalidParameter, notFound } from '../../lib/problem.js';
import { findOrganization, findOrganizations, listOrganizations } from './organizations.repository.js';
import type { ListOrganizationsParams, OrganizationDto } from './organizations.schemas.js';

type Row = NonNullable<Awaited<ReturnType<typeof findOrganization>>>;

function toDto(row: Row): OrganizationDto {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    website: row.website,
    published_groups: Number(row.published_groups ?? 0),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
  };
}

export class OrganizationsService {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<OrganizationDto> {
    if (!isUuid(id)) throw invalidParameter('id', 'must be a UUID', 'path');
    const row = await findOrganization(this.db, id);
    if (!row) throw notFound('Organization');
    return toDto(row);
  }

  /** Several organizations in one query, keyed by id (GraphQL loaders). */
  async getMany(ids: string[], db: Kysely<Database> = this.db): Promise<Map<string, OrganizationDto>> {
    const rows = await findOrganizations(db, [...new Set(ids)].filter(isUuid));
    return new Map(rows.map((r) => [r.id, toDto(r)]));
  }

  async list(
    params: ListOrganizationsParams,
  ): Promise<{ data: OrganizationDto[]; meta: { limit: number; next_cursor: string | null } }> {
    const limit = params.limit ?? 20;
    const after = params.cursor ? decodeNameCursor(params.cursor) : null;
    const rows = await listOrganizations(this.db, limit, after);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      data: page.map(toDto),
      meta: {
        limit,
        next_cursor:
          rows.length > limit && last
            ? Buffer.from(JSON.stringify({ name: last.name, id: last.id })).toString('base64url')
            : null,
      },
    };
  }
}

function decodeNameCursor(raw: string): { name: string; id: string } {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as {
      name?: unknown;
      id?: unknown;
    };
    if (typeof value.name === 'string' && typeof value.id === 'string' && isUuid(value.id)) {
      return { name: value.name, id: value.id };
    }
  } catch {
    // fall through
  }
  throw invalidParameter('cursor', 'is not a cursor returned by this API');
}
