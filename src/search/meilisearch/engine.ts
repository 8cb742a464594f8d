// The Meilisearch search engine: one multi-search request per search (the page and the facet
// counts), answering with the same ids, order, totals and facets as the Postgres engine on the
// same data, apart from the differences documented below and in the report of this module.
//
// Pagination is by offset. A hit's `sortKey` is its absolute 0-based position in the ordered
// results, and `after.key` (the previous page's last position) means the next page starts at
// key + 1. The service's cursors are engine-agnostic: they carry `{k: sortKey, id}` and hand them
// back as `after`, so nothing outside this file needs to know whether `k` is a Postgres sort key or
// a Meilisearch offset. Offsets are stable while the index is unchanged; a write between two pages
// can shift a group across the page boundary (keyset pagination in Postgres cannot). A key that
// cannot be an offset (not a non-negative integer below ten million) is another engine's sort key:
// it goes to `fallback`, or is refused as invalid_cursor. An integer Postgres key (a distance of
// exactly 0 m) cannot be told from an offset: cursors should name their engine (service).
//
// Totals are exhaustive: every request uses page/hitsPerPage, which makes Meilisearch count all
// matches (`totalHits`) and compute facet distributions over all of them; offset/limit would give
// `estimatedTotalHits` and, per the maintainers, possibly partial facet counts. A page at any offset
// is read as one page of a suitably sized `hitsPerPage` (see pageWindow).
//
// Sorts:
// - relevance: the index's ranking rules (settings.ts). Without text, 'id:desc', which is what the
//   Postgres engine's constant rank falls back to.
// - distance: `_geoPoint(lat, lng):asc`, then `id:asc`. Documents without `_geo` (online groups
//   without a point of origin) come after every document with one: Meilisearch's geo sort hands
//   them over as one last bucket once the located documents are used up (milli geo_sort.rs), and
//   `id:asc` orders that bucket, as Postgres orders its NULL distances (sorted as 1e300) by id.
//   Meilisearch treats distances within 1 m as equal, so two groups less than a metre apart in
//   distance are ordered by id rather than by distance: a documented tie.
//   Approximate locations are indexed at their rounded area (0.01 degree, as the API shows them;
//   document.ts), so near a radius edge or in distance order such a group can differ from the
//   Postgres engine, which measures from the exact point, by up to ~0.8 km: a documented difference.
// - updated: `updated_at:desc`, then `id:desc`.
// - next_meeting: Meilisearch cannot sort by a value computed at query time, and a stored "next
//   meeting" would be stale the moment that meeting starts. So the engine fetches the matches
//   (ids and meetings, up to `nextMeetingWindow`), computes each group's next start after
//   `query.now` with the reference implementation the SQL function is tested against
//   (src/schedule/next-occurrence.ts), and orders by (next start, id), groups without meetings
//   last: the Postgres order exactly. When a search has more matches than the window, the engine
//   delegates to `fallback` (the Postgres engine, in production) or, without one, refuses with a
//   400 asking to narrow the search, rather than return a wrong order.
import type { Meilisearch, MultiSearchQuery, MultiSearchResult, SearchParams } from 'meilisearch';
import { EARTH_RADIUS_METERS, haversineMeters } from '../../geo/distance.js';
import { ProblemError } from '../../lib/problem.js';
import type { Day } from '../../modules/groups/groups.model.js';
import { nextOccurrence } from '../../schedule/next-occurrence.js';
import type {
  After,
  FacetName,
  FacetValue,
  SearchEngine,
  SearchHit,
  SearchQuery,
  SearchResult,
} from '../query.js';
import type { DocumentMeeting } from './document.js';
import { filterExpression, formatNumber, POSTGRES_EARTH_RADIUS_METERS } from './filters.js';
import { FACET_ATTRIBUTES } from './settings.js';

/** Sort key of "no meeting", as in the Postgres engine (JSON has no Infinity). */
const LAST = 1e300;

export const DEFAULT_NEXT_MEETING_WINDOW = 1000;

/** No index of this directory has ten million matches: a larger "offset" is not one of ours. */
const MAX_START = 10_000_000;

export interface MeilisearchEngineOptions {
  client: Meilisearch;
  /** The index to search; a function when a reindex swaps indexes under a stable name. */
  indexUid: string | (() => string);
  /** Per search request. The client's own `timeout` does not apply once a signal is passed. */
  timeoutMs: number;
  /** At most this many matches are ordered in-process for sort=next_meeting. */
  nextMeetingWindow?: number;
  /** Answers what this engine cannot: next_meeting over more matches than the window. */
  fallback?: SearchEngine;
  /** See FilterOptions: the sphere of the reference engine, for radius and reported distances. */
  referenceEarthRadiusMeters?: number;
}

/** What a hit carries back: only what ordering and distances need. */
interface HitFields {
  id: string;
  _geo?: { lat: number | string; lng: number | string };
  meetings?: DocumentMeeting[];
}

export interface SearchPlan {
  mode: 'ranked' | 'next_meeting';
  /** Absolute position of the page's first hit. */
  start: number;
  /** Hits of the main query to skip before the page (ranked mode; see pageWindow). */
  skip: number;
  /** queries[0] is the page; the others only count facets. */
  queries: MultiSearchQuery[];
  /** Which query's facetDistribution holds each requested facet. */
  facetQuery: Partial<Record<FacetName, number>>;
}

export class MeilisearchSearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  private readonly window: number;

  constructor(private readonly options: MeilisearchEngineOptions) {
    this.window = options.nextMeetingWindow ?? DEFAULT_NEXT_MEETING_WINDOW;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { indexUid, client, timeoutMs, referenceEarthRadiusMeters } = this.options;
    // A cursor of the fallback engine (it answered an earlier page, e.g. a broad next_meeting
    // search): its key is that engine's sort key, so that engine answers the next page too.
    if (query.after && !isOffset(query.after.key) && this.options.fallback) return this.delegate(query);
    const uid = typeof indexUid === 'function' ? indexUid() : indexUid;
    const plan = planSearch(query, uid, { nextMeetingWindow: this.window, referenceEarthRadiusMeters });
    const response = await client.multiSearch<{ queries: MultiSearchQuery[] }, HitFields>(
      { queries: plan.queries },
      { signal: AbortSignal.timeout(timeoutMs) },
    );
    const main = response.results[0];
    if (plan.mode === 'next_meeting' && main && totalOf(main) > this.window) {
      if (this.options.fallback) return this.delegate(query);
      throw new ProblemError(
        400,
        'query_too_complex',
        'Search too broad for this sort',
        `sort=next_meeting can order at most ${this.window} matches here, and this search has ${totalOf(main)}: narrow it with filters or a place`,
      );
    }
    return readResults(query, plan, response.results, { referenceEarthRadiusMeters });
  }

  private async delegate(query: SearchQuery): Promise<SearchResult> {
    const fallback = this.options.fallback!;
    return { ...(await fallback.search(query)), engine: fallback.name };
  }
}

export interface PlanOptions {
  nextMeetingWindow?: number;
  referenceEarthRadiusMeters?: number;
}

/** The multi-search request for a query (pure, so that its shape can be tested without a server). */
export function planSearch(query: SearchQuery, indexUid: string, options: PlanOptions = {}): SearchPlan {
  const filterOptions = { referenceEarthRadiusMeters: options.referenceEarthRadiusMeters };
  const start = startOf(query.after);
  // The raw words of the query (folded, letters and digits only), so no query syntax (quotes,
  // leading '-') can reach Meilisearch; synonyms and typos are the index's business.
  const q = query.text ? query.text.units.flatMap((u) => u.words).join(' ') : '';
  const text: Pick<SearchParams, 'q' | 'matchingStrategy'> = q ? { q, matchingStrategy: 'all' } : {};
  const filter = filterExpression(query, undefined, filterOptions);

  const main: MultiSearchQuery = { indexUid, ...text, filter };
  let skip = 0;
  let mode: SearchPlan['mode'] = 'ranked';
  if (query.sort === 'next_meeting') {
    mode = 'next_meeting';
    Object.assign(main, {
      page: 1,
      hitsPerPage: options.nextMeetingWindow ?? DEFAULT_NEXT_MEETING_WINDOW,
      attributesToRetrieve: ['id', '_geo', 'meetings'],
    });
  } else {
    const window = pageWindow(start, query.limit);
    skip = window.skip;
    const sort = sortFor(query);
    Object.assign(main, {
      page: window.page,
      hitsPerPage: window.hitsPerPage,
      attributesToRetrieve: ['id', '_geo'],
      ...(sort ? { sort } : {}),
    });
  }

  // Disjunctive facets: each counted without its own filter. A facet whose own filter is not set
  // has the page's filter and rides on the page query; the others share a query per filter.
  const queries: MultiSearchQuery[] = [main];
  const facetQuery: SearchPlan['facetQuery'] = {};
  const byFilter = new Map<string, number>([[filter, 0]]);
  for (const facet of query.facets) {
    const own = filterExpression(query, facet, filterOptions);
    let index = byFilter.get(own);
    if (index === undefined) {
      index = queries.length;
      queries.push({ indexUid, ...text, filter: own, page: 1, hitsPerPage: 0, facets: [] });
      byFilter.set(own, index);
    }
    const target = queries[index]!;
    target.facets = [...(target.facets ?? []), FACET_ATTRIBUTES[facet]];
    facetQuery[facet] = index;
  }
  return { mode, start, skip, queries, facetQuery };
}

/** The engine's answer from the multi-search results (pure). */
export function readResults(
  query: SearchQuery,
  plan: SearchPlan,
  results: ReadonlyArray<
    Pick<MultiSearchResult<HitFields>, 'hits' | 'facetDistribution' | 'totalHits' | 'estimatedTotalHits'>
  >,
  options: { referenceEarthRadiusMeters?: number | undefined } = {},
): SearchResult {
  const main = results[0];
  if (!main) throw new Error('Meilisearch answered without the page query');
  const reference = options.referenceEarthRadiusMeters ?? POSTGRES_EARTH_RADIUS_METERS;
  const total = totalOf(main);

  let page: HitFields[];
  if (plan.mode === 'next_meeting') {
    const ordered = main.hits
      .map((hit) => ({ hit, key: nextMeetingKey(hit.meetings ?? [], query.now) }))
      .sort((a, b) => a.key - b.key || compareIds(a.hit.id, b.hit.id));
    page = ordered.slice(plan.start, plan.start + query.limit).map((o) => o.hit);
  } else {
    page = main.hits.slice(plan.skip, plan.skip + query.limit);
  }

  const hits: SearchHit[] = page.map((hit, i) => ({
    id: hit.id,
    sortKey: plan.start + i,
    distanceMeters: query.near && hit._geo ? distance(query.near, hit._geo, reference) : null,
  }));

  const facets: SearchResult['facets'] = {};
  for (const facet of query.facets) {
    const source = results[plan.facetQuery[facet] ?? -1];
    facets[facet] = facetValues(source?.facetDistribution?.[FACET_ATTRIBUTES[facet]] ?? {});
  }
  return { hits, total, hasMore: plan.start + hits.length < total, facets };
}

/**
 * The smallest page size (at least `limit`) such that positions start .. start+limit-1 fall on one
 * page, so a page at any offset comes from one exhaustive page/hitsPerPage request. Over-fetching
 * is at most about one page: start 37 with limit 20 reads page 2 of 29 (positions 29..57).
 */
export function pageWindow(
  start: number,
  limit: number,
): { page: number; hitsPerPage: number; skip: number } {
  if (!Number.isSafeInteger(start) || start < 0) throw new RangeError(`bad start ${start}`);
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`bad limit ${limit}`);
  let size = limit;
  while (Math.floor(start / size) !== Math.floor((start + limit - 1) / size)) size++;
  const index = Math.floor(start / size);
  return { page: index + 1, hitsPerPage: size, skip: start - index * size };
}

/** The Meilisearch sort for a query, or none (relevance ranking by the index's rules). */
export function sortFor(query: SearchQuery): string[] | undefined {
  switch (query.sort) {
    case 'relevance':
      return query.text ? undefined : ['id:desc'];
    case 'distance':
      return query.near
        ? [`_geoPoint(${formatNumber(query.near.lat)}, ${formatNumber(query.near.lng)}):asc`, 'id:asc']
        : ['id:asc'];
    case 'updated':
      return ['updated_at:desc', 'id:desc'];
    case 'next_meeting':
      return undefined;
  }
}

/** Epoch seconds of the group's next meeting after `now`, as the Postgres sort key; LAST if none. */
export function nextMeetingKey(meetings: readonly DocumentMeeting[], now: Date): number {
  let best = LAST;
  for (const m of meetings) {
    const next = nextOccurrence({ ...m, day: m.day as Day }, now);
    if (next) best = Math.min(best, next.getTime() / 1000);
  }
  return best;
}

/** Facet counts as the Postgres engine orders them: count descending, then value (code points). */
export function facetValues(distribution: Record<string, number>): FacetValue[] {
  return Object.entries(distribution)
    .filter(([, count]) => count > 0)
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || compareIds(a.value, b.value));
}

function startOf(after: After | null): number {
  if (!after) return 0;
  // A key that is not a position came from another engine: a Postgres sort key (epoch microseconds, a
  // distance, 1e300). Refusing it lets a fallback engine, which reads it as its own key, answer.
  if (!isOffset(after.key)) {
    const reason = 'belongs to another search engine; start again without it';
    throw new ProblemError(400, 'invalid_cursor', 'Invalid cursor', `cursor: ${reason}`, [
      { name: 'cursor', in: 'query', reason },
    ]);
  }
  return after.key + 1;
}

function isOffset(key: number): boolean {
  return Number.isSafeInteger(key) && key >= 0 && key < MAX_START;
}

function totalOf(result: Pick<MultiSearchResult<HitFields>, 'totalHits' | 'estimatedTotalHits'>): number {
  return result.totalHits ?? result.estimatedTotalHits ?? 0;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// On the reference engine's sphere, from the coordinates the document was indexed with (the
// row's): the same number the Postgres engine reports, where `_geoDistance` would be on
// Meilisearch's smaller sphere and present only with a geo sort.
function distance(
  near: { lat: number; lng: number },
  geo: NonNullable<HitFields['_geo']>,
  reference: number,
): number {
  const meters = haversineMeters(near, { lat: Number(geo.lat), lng: Number(geo.lng) });
  return (meters * reference) / EARTH_RADIUS_METERS;
}
