// Use cases of the HSDS 3.0 read API. Services are the published groups of the directory's own
// search (GroupsService): `search` is its `q`, `taxonomy_term_id` one of its code filters,
// `postcode` + `proximity` its `near` + `radius`. So an HSDS client finds exactly what /v1/groups
// finds, with the same typo tolerance, synonyms, freshness rules and published-only guarantee.

import type { Db } from '../../db/connect.js';
import { resolvePlace } from '../../geo/places.js';
import { type InvalidParam, invalidParameter, notFound, ProblemError } from '../../lib/problem.js';
import { words } from '../../lib/text.js';
import type { GroupWithMeetings } from '../feeds/meeting-guide-export.js';
import type { GroupDto, SearchGroupsParams } from '../groups/groups.schemas.js';
import type { GroupsService } from '../groups/groups.service.js';
import type { OrganizationsService } from '../organizations/organizations.service.js';
import type { Taxonomy, TaxonomyService, Term } from '../taxonomy/taxonomy.service.js';
import { taxonomyId, termId } from './hsds.ids.js';
import {
  type BaseUrl,
  toOrganization,
  toService,
  toServiceListItem,
  toTaxonomy,
  toTaxonomyTerm,
} from './hsds.mapping.js';
import { organizationsPage } from './hsds.repository.js';
import {
  DEFAULT_PER_PAGE,
  type HsdsFullService,
  type HsdsOrganization,
  type HsdsOrganizationListItem,
  type HsdsServiceListItem,
  type HsdsTaxonomy,
  type HsdsTaxonomyTerm,
  type ListParams,
  MAX_PROXIMITY_METERS,
  MAX_RESULT_WINDOW,
  type Page,
  type ServicesParams,
  type TaxonomyTermsParams,
} from './hsds.schemas.js';

/** An organization's services are listed whole up to this many (a directory listing, not a feed). */
export const MAX_SERVICES_PER_ORGANIZATION = 1000;

/** The /v1/groups filter each vocabulary's terms select. */
const FILTER_OF_VOCABULARY: Readonly<Record<string, keyof SearchGroupsParams>> = {
  conditions: 'condition',
  affinities: 'affinity',
  attendance: 'attendance',
  facilitation: 'facilitation',
  access: 'access',
  cost: 'cost',
  languages: 'language',
  accessibility: 'accessibility',
  days: 'day',
  times_of_day: 'time_of_day',
};

/** Names of GroupsService parameters as the HSDS client sent them, for error messages. */
const HSDS_NAME: Readonly<Record<string, string>> = {
  q: 'search',
  near: 'postcode',
  radius: 'proximity',
  organization: 'organization_id',
  ...Object.fromEntries(Object.values(FILTER_OF_VOCABULARY).map((name) => [name, 'taxonomy_term_id'])),
};

interface Paging {
  page: number;
  perPage: number;
  offset: number;
}

function pagingOf(params: { page?: number | undefined; per_page?: number | undefined }): Paging {
  const page = params.page ?? 1;
  const perPage = params.per_page ?? DEFAULT_PER_PAGE;
  if (page * perPage > MAX_RESULT_WINDOW) {
    throw invalidParameter(
      'page',
      `page x per_page must be at most ${MAX_RESULT_WINDOW}: narrow the query (modified_after, taxonomy_term_id, postcode)`,
    );
  }
  return { page, perPage, offset: (page - 1) * perPage };
}

/** The HSDS Page envelope. `size` is the number of entities in this page, as the HSDS OpenAPI says. */
export function pageOf<T>(contents: T[], total: number, paging: Paging): Page<T> {
  const totalPages = Math.ceil(total / paging.perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: paging.page,
    size: contents.length,
    first_page: paging.page === 1,
    last_page: paging.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** An in-memory page of a list we hold whole (vocabularies, terms). */
function slice<T>(all: T[], paging: Paging): Page<T> {
  return pageOf(all.slice(paging.offset, paging.offset + paging.perPage), all.length, paging);
}

/** Every word of the query starts a word of the text (folded: accents and case don't matter). */
function matches(query: string[], text: string): boolean {
  const haystack = words(text);
  return query.every((q) => haystack.some((w) => w.startsWith(q)));
}

/** YYYY-MM-DD names a day that exists (Date.parse reads 2026-02-31 as March 3). */
function isCalendarDate(ymd: string): boolean {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** A ProblemError from GroupsService, its parameter names turned into the ones the client sent. */
function inHsdsTerms(error: unknown): unknown {
  if (!(error instanceof ProblemError) || !error.invalidParams) return error;
  const params: InvalidParam[] = error.invalidParams.map((p) => ({
    ...p,
    name: HSDS_NAME[p.name] ?? p.name,
  }));
  const detail = params.map((p) => `${p.name}: ${p.reason}`).join('; ');
  return new ProblemError(error.status, error.code, error.title, detail, params);
}

/** Only published groups, whatever the search index says (it can lag a status change). */
function isPublished(group: GroupDto): boolean {
  return (group as GroupDto & { status?: string }).status === 'published';
}

export interface HsdsServiceDeps {
  db: Db;
  groups: GroupsService;
  organizations: OrganizationsService;
  taxonomy: TaxonomyService;
}

export class HsdsService {
  constructor(private readonly deps: HsdsServiceDeps) {}

  async services(params: ServicesParams): Promise<Page<HsdsServiceListItem>> {
    const paging = pagingOf(params);
    const taxonomy = await this.deps.taxonomy.get();
    const search: SearchGroupsParams = { limit: paging.perPage };
    if (params.search?.trim()) search.q = params.search;
    if (params.organization_id) search.organization = params.organization_id;
    if (params.taxonomy_term_id) {
      const found = findTerm(taxonomy, params.taxonomy_term_id);
      const filter = found && FILTER_OF_VOCABULARY[found.vocabulary];
      if (!found || !filter) {
        throw invalidParameter('taxonomy_term_id', 'is not the id of a term of GET /hsds/taxonomy_terms');
      }
      Object.assign(search, { [filter]: found.code });
    }
    if (params.proximity !== undefined && params.postcode === undefined) {
      throw invalidParameter('proximity', 'needs postcode');
    }
    if (params.postcode !== undefined) {
      // The place resolution of `near`, held to postal codes: HSDS asks for a postcode.
      if (resolvePlace(params.postcode)?.kind !== 'postal_code') {
        throw invalidParameter('postcode', 'is not a postal code we know (US ZIP codes, like 10001)');
      }
      search.near = params.postcode.trim();
      if (params.proximity !== undefined) {
        const meters = Number(params.proximity);
        if (!(meters >= 1 && meters <= MAX_PROXIMITY_METERS)) {
          throw invalidParameter('proximity', `must be 1 to ${MAX_PROXIMITY_METERS} meters`);
        }
        search.radius = `${meters / 1000}km`;
      }
    }
    let updatedSince: string | undefined;
    if (params.modified_after !== undefined) {
      const ms = Date.parse(params.modified_after.replace(' ', 'T'));
      if (Number.isNaN(ms) || !isCalendarDate(params.modified_after.slice(0, 10))) {
        throw invalidParameter('modified_after', 'is not a valid date or date-time');
      }
      updatedSince = new Date(ms).toISOString();
    }

    const result = await this.deps.groups
      .searchPage(search, { skip: paging.offset, ...(updatedSince ? { updatedSince } : {}) })
      .catch((error: unknown) => {
        throw inHsdsTerms(error);
      });
    const contents = result.groups.filter(isPublished).map((g) => toServiceListItem(g, taxonomy));
    return pageOf(contents, result.meta.total ?? 0, paging);
  }

  async service(id: string, base: BaseUrl): Promise<HsdsFullService> {
    // No principal: drafts, pending and rejected groups are "not found", as on /v1/groups/{id}.
    const { group } = await this.deps.groups.getFor(id, null).catch((error: unknown) => {
      throw error instanceof ProblemError && error.code === 'not_found' ? notFound('Service') : error;
    });
    if (!isPublished(group)) throw notFound('Service');
    const [taxonomy, organizations] = await Promise.all([
      this.deps.taxonomy.get(),
      this.deps.organizations.getMany([group.organization.id]),
    ]);
    return toService(
      group as GroupWithMeetings,
      taxonomy,
      base,
      organizations.get(group.organization.id) ?? null,
      new Date(),
    );
  }

  async organizations(params: ListParams): Promise<Page<HsdsOrganizationListItem>> {
    const paging = pagingOf(params);
    const { rows, total } = await organizationsPage(
      this.deps.db,
      words(params.search ?? ''),
      paging.offset,
      paging.perPage,
    );
    return pageOf(rows.map(toOrganization), total, paging);
  }

  async organization(id: string): Promise<HsdsOrganization> {
    const organization = await this.deps.organizations.get(id);
    const [taxonomy, groups] = await Promise.all([
      this.deps.taxonomy.get(),
      this.deps.groups.byOrganizations([organization.id], MAX_SERVICES_PER_ORGANIZATION),
    ]);
    return {
      ...toOrganization(organization),
      services: (groups.get(organization.id) ?? [])
        .filter(isPublished)
        .map((g) => toServiceListItem(g, taxonomy)),
    };
  }

  async taxonomies(params: ListParams, base: BaseUrl): Promise<Page<HsdsTaxonomy>> {
    const paging = pagingOf(params);
    const query = words(params.search ?? '');
    const vocabularies = (await this.deps.taxonomy.get()).vocabularies.filter((v) =>
      matches(query, `${v.code.replaceAll('_', ' ')} ${v.description}`),
    );
    return slice(
      vocabularies.map((v) => toTaxonomy(v, base)),
      paging,
    );
  }

  async taxonomy(id: string, base: BaseUrl): Promise<HsdsTaxonomy> {
    const wanted = id.toLowerCase();
    const vocabulary = (await this.deps.taxonomy.get()).vocabularies.find(
      (v) => taxonomyId(v.code) === wanted,
    );
    if (!vocabulary) throw notFound('Taxonomy');
    return toTaxonomy(vocabulary, base);
  }

  async taxonomyTerm(id: string): Promise<HsdsTaxonomyTerm> {
    const term = findTerm(await this.deps.taxonomy.get(), id);
    if (!term) throw notFound('Taxonomy term');
    return toTaxonomyTerm(term);
  }

  async taxonomyTerms(params: TaxonomyTermsParams): Promise<Page<HsdsTaxonomyTerm>> {
    const paging = pagingOf(params);
    const query = words(params.search ?? '');
    const terms = (await this.deps.taxonomy.get()).vocabularies
      .filter(
        (v) => params.taxonomy_id === undefined || taxonomyId(v.code) === params.taxonomy_id.toLowerCase(),
      )
      .flatMap((v) => v.terms)
      .filter(
        (t) =>
          (params.parent_id === undefined ||
            (t.parent !== null && termId(t.vocabulary, t.parent) === params.parent_id.toLowerCase())) &&
          (!params.top_only || t.parent === null) &&
          matches(query, [t.code.replaceAll('_', ' '), ...Object.values(t.labels), ...t.synonyms].join(' ')),
      );
    return slice(terms.map(toTaxonomyTerm), paging);
  }
}

/** The term with this HSDS id (ids are derived from vocabulary and code, see hsds.ids.ts). */
function findTerm(taxonomy: Taxonomy, id: string): Term | undefined {
  const wanted = id.toLowerCase();
  for (const vocabulary of taxonomy.vocabularies) {
    for (const term of vocabulary.terms) if (termId(vocabulary.code, term.code) === wanted) return term;
  }
  return undefined;
}
