// Inputs for the Meilisearch engine tests, built the way the application builds them: the taxonomy
// from seeds/taxonomy, group rows through groupRowValues() (derived timezone, meeting days and
// schedule slots), meetings with start times as Postgres returns `time` ('19:00:00').
import { randomUUID } from 'node:crypto';
import { loadTaxonomy } from '../../../seeds/data.js';
import type { GroupInput, GroupStatus } from '../../../src/modules/groups/groups.model.js';
import { groupRowValues } from '../../../src/modules/groups/groups.repository.js';
import { Taxonomy } from '../../../src/modules/taxonomy/taxonomy.service.js';
import type { IndexableGroupRow, StoredMeeting } from '../../../src/search/meilisearch/document.js';
import type { SearchQuery } from '../../../src/search/query.js';
import { parseTextQuery } from '../../../src/search/text.js';
import { fixtureInput, PLACES } from '../../support/fixtures.js';

let taxonomy: Taxonomy | undefined;

export function seedTaxonomy(): Taxonomy {
  taxonomy ??= new Taxonomy(
    loadTaxonomy().map((v) => ({
      code: v.vocabulary,
      description: v.description,
      terms: v.terms.map((t) => ({
        vocabulary: v.vocabulary,
        code: t.code,
        labels: t.labels,
        synonyms: t.synonyms,
        parent: t.parent,
      })),
    })),
  );
  return taxonomy;
}

export const ORGANIZATION = {
  id: '4b1f3a52-9c1e-4d7a-8f0e-2a6c5d8e9f10',
  name: 'Comunidad Latina de Salud Mental',
};

// The same places as the database fixtures, so cases read alike everywhere.
export { PLACES };

export interface Fixture {
  row: IndexableGroupRow & { street: string | null; contact_email: string | null; online_url: string | null };
  meetings: StoredMeeting[];
}

export interface FixtureOptions {
  id?: string;
  status?: GroupStatus;
  version?: number;
  createdAt?: Date;
  updatedAt?: Date;
  organizationId?: string;
}

/** A group row and its meetings as the database holds them after an insert of `input`. */
export function fixture(
  input: Partial<GroupInput> & { name: string },
  options: FixtureOptions = {},
): Fixture {
  const full = fixtureInput(input);
  const { group, meetings } = groupRowValues(full);
  const createdAt = options.createdAt ?? new Date('2026-06-01T15:30:00.250Z');
  return {
    row: {
      ...group,
      id: options.id ?? randomUUID(),
      organization_id: options.organizationId ?? ORGANIZATION.id,
      status: options.status ?? 'published',
      version: options.version ?? 1,
      created_at: createdAt,
      updated_at: options.updatedAt ?? createdAt,
    },
    meetings: meetings.map((m) => ({ ...m, start_time: `${m.start_time}:00` })),
  };
}

export const NOW = new Date('2026-11-24T12:00:00Z');

/** A search as the service builds it, with the parts a test does not care about left neutral. */
export function searchQuery(overrides: Partial<SearchQuery> & { q?: string } = {}): SearchQuery {
  const { q, ...rest } = overrides;
  return {
    text: q ? parseTextQuery(q, seedTaxonomy()) : null,
    filters: {},
    near: null,
    sort: q ? 'relevance' : 'updated',
    limit: 20,
    after: null,
    facets: [],
    countTotal: true,
    now: NOW,
    ...rest,
  };
}
