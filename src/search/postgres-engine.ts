// The default search engine: Postgres full-text search (weighted, unaccented), trigram typo
// correction over a word list, synonym expansion from the taxonomy, earthdistance radius, and
// disjunctive facet counts. All SQL of search lives here.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { FRESHNESS } from '../modules/groups/freshness.js';
import type { Taxonomy } from '../modules/taxonomy/taxonomy.service.js';
import { slotsMatching } from '../schedule/slots.js';
import type {
  FacetName,
  FacetValue,
  SearchEngine,
  SearchFilters,
  SearchHit,
  SearchQuery,
  SearchResult,
  SortName,
} from './query.js';
import { codesForWord, type TextQuery } from './text.js';
import { allowedTypos, typoDistance } from './typos.js';

// Sort keys are never null, so that keyset pagination is a plain row comparison. Missing
// distances and meetings sort last. (Not Infinity: cursors are JSON.)
const LAST = 1e300;

type Sql = RawBuilder<unknown>;

/** Column holding each facet's values, as an array expression per group row `g`. */
const FACET_VALUES: Record<FacetName, Sql> = {
  condition: sql`g.conditions`,
  affinity: sql`g.affinities`,
  attendance: sql`ARRAY[g.attendance]`,
  facilitation: sql`ARRAY[g.facilitation]`,
  access: sql`ARRAY[g.access]`,
  cost: sql`ARRAY[g.cost]`,
  language: sql`g.languages`,
  accessibility: sql`g.accessibility`,
  day: sql`g.meeting_days`,
  time_of_day: sql`ARRAY(SELECT DISTINCT split_part(s, ':', 2) FROM unnest(g.schedule_slots) s)`,
};

const ARRAY_FILTERS = {
  condition: 'conditions',
  affinity: 'affinities',
  language: 'languages',
  accessibility: 'accessibility',
} as const;
const SCALAR_FILTERS = ['attendance', 'facilitation', 'access', 'cost'] as const;

export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgres' as const;

  constructor(
    private readonly db: Db,
    private readonly taxonomy: () => Promise<Taxonomy>,
  ) {}

  async search(query: SearchQuery): Promise<SearchResult> {
    const tsquery = query.text ? await this.buildTsquery(query.text) : null;
    const context: Context = { query, tsquery };
    const [page, ...facetRows] = await Promise.all([
      this.page(context),
      ...query.facets.map((facet) => this.facet(context, facet)),
    ]);
    const facets: SearchResult['facets'] = {};
    query.facets.forEach((facet, i) => {
      facets[facet] = facetRows[i];
    });
    return { ...page, facets };
  }

  private async page({ query, tsquery }: Context): Promise<Omit<SearchResult, 'facets'>> {
    const { sort } = query;
    const distance = query.near
      ? sql`CASE WHEN g.lat IS NOT NULL THEN earth_distance(ll_to_earth(${query.near.lat}, ${query.near.lng}), ll_to_earth(g.lat, g.lng)) END`
      : sql`NULL::float8`;
    const key = sortKey(sort, query, tsquery, distance);
    const descending = sort === 'relevance' || sort === 'updated';
    const after = query.after
      ? descending
        ? sql`WHERE (s.sort_key, s.id) < (${query.after.key}::float8, ${query.after.id}::uuid)`
        : sql`WHERE (s.sort_key, s.id) > (${query.after.key}::float8, ${query.after.id}::uuid)`
      : sql``;
    const order = descending ? sql`s.sort_key DESC, s.id DESC` : sql`s.sort_key ASC, s.id ASC`;

    const { rows } = await sql<{ id: string; sort_key: number; distance: number | null; total: number }>`
      SELECT s.id, s.sort_key, s.distance, s.total FROM (
        SELECT g.id, (${key})::float8 AS sort_key, ${distance} AS distance, count(*) OVER () AS total
          FROM groups g
         WHERE ${where(query, tsquery)}
      ) s
      ${after}
      ORDER BY ${order}
      LIMIT ${query.limit + 1}
    `.execute(this.db);

    const hasMore = rows.length > query.limit;
    const hits: SearchHit[] = rows.slice(0, query.limit).map((r) => ({
      id: r.id,
      sortKey: r.sort_key,
      distanceMeters: r.distance,
    }));
    // On a page after the last match the window count has no row to ride on.
    const total = rows[0]?.total ?? (query.after ? await this.count(query, tsquery) : 0);
    return { hits, total, hasMore };
  }

  private async count(query: SearchQuery, tsquery: Sql | null): Promise<number> {
    const { rows } = await sql<{ total: number }>`
      SELECT count(*) AS total FROM groups g WHERE ${where(query, tsquery)}
    `.execute(this.db);
    return rows[0]?.total ?? 0;
  }

  // Disjunctive facets: each facet is counted with every filter except its own, so selecting
  // "depression" still shows how many groups "anxiety" would add.
  private async facet({ query, tsquery }: Context, facet: FacetName): Promise<FacetValue[]> {
    const { rows } = await sql<FacetValue>`
      SELECT v.value, count(*) AS count
        FROM groups g
       CROSS JOIN LATERAL unnest(${FACET_VALUES[facet]}) AS v(value)
       WHERE ${where(query, tsquery, facet)}
       GROUP BY v.value
       ORDER BY count DESC, v.value ASC
    `.execute(this.db);
    return rows;
  }

  // Each query unit becomes (word:* | correction | 'code' ...), and units are ANDed.
  private async buildTsquery(text: TextQuery): Promise<Sql | null> {
    const taxonomy = await this.taxonomy();
    const candidates = [
      ...new Set(
        text.units.filter((u) => u.codes.length === 0 && u.words[0]!.length >= 4).map((u) => u.words[0]!),
      ),
    ];
    const corrections = await this.corrections(candidates);
    const parts: Sql[] = [];
    for (const unit of text.units) {
      const alternatives: Sql[] = [];
      // The words themselves, stemmed, the last one as a prefix (search as you type).
      const phrase = unit.words.map((w, i) => (i === unit.words.length - 1 ? `${w}:*` : w)).join(' & ');
      alternatives.push(sql`to_tsquery('english', ${phrase})`);
      const codes = new Set(unit.codes);
      for (const correction of unit.words.length === 1 ? (corrections.get(unit.words[0]!) ?? []) : []) {
        alternatives.push(sql`to_tsquery('english', ${correction})`);
        for (const code of codesForWord(correction, taxonomy)) codes.add(code);
      }
      for (const code of codes) alternatives.push(sql`quote_literal(${code})::tsquery`);
      parts.push(sql`(${sql.join(alternatives, sql` || `)})`);
    }
    if (parts.length === 0) return null;
    return sql`(${sql.join(parts, sql` && `)})`;
  }

  /**
   * Close spellings of words that are not themselves known, from group names and the taxonomy.
   * Trigram similarity finds candidates with the index; the typo distance then keeps those within
   * the allowed number of typos (src/search/typos.ts), so "bipolr" becomes "bipolar" but not "bipoc".
   */
  private async corrections(tokens: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (tokens.length === 0) return out;
    const { rows } = await sql<{ token: string; word: string }>`
      SELECT t.token, w.word
        FROM unnest(${tokens}::text[]) AS t(token)
       CROSS JOIN LATERAL (
         SELECT word FROM search_words
          WHERE word % t.token AND word <> t.token
          ORDER BY similarity(word, t.token) DESC, word
          LIMIT 10
       ) w
       WHERE NOT EXISTS (SELECT 1 FROM search_words k WHERE k.word = t.token)
    `.execute(this.db);
    const scored = rows
      .map(({ token, word }) => ({ token, word, distance: typoDistance(token, word) }))
      .filter((r) => r.distance <= allowedTypos(r.token))
      .sort((a, b) => a.distance - b.distance || a.word.localeCompare(b.word));
    for (const { token, word } of scored) {
      const list = out.get(token) ?? [];
      if (list.length < 2) out.set(token, [...list, word]);
    }
    return out;
  }
}

interface Context {
  query: SearchQuery;
  tsquery: Sql | null;
}

function sortKey(sort: SortName, query: SearchQuery, tsquery: Sql | null, distance: Sql): Sql {
  switch (sort) {
    case 'relevance':
      // Stale listings (not verified for 180 days) rank at half weight below fresh ones.
      return tsquery
        ? sql`ts_rank(g.search_vector, ${tsquery}) * CASE WHEN coalesce(g.last_verified_at, g.created_at) < ${query.now}::timestamptz - make_interval(days => ${FRESHNESS.staleAfterDays}) THEN 0.5 ELSE 1 END`
        : sql`0`;
    case 'distance':
      return sql`coalesce(${distance}, ${LAST})`;
    case 'next_meeting':
      return sql`coalesce((
        SELECT extract(epoch FROM min(circles_next_occurrence(m.frequency, m.day, m.week_of_month, m.start_time, m.timezone, ${query.now})))
          FROM meetings m WHERE m.group_id = g.id), ${LAST})`;
    case 'updated':
      return sql`extract(epoch FROM g.updated_at)`;
  }
}

/** WHERE clause for the query; `except` leaves out one facet's own filter (disjunctive counts). */
function where(query: SearchQuery, tsquery: Sql | null, except?: FacetName): Sql {
  const f: SearchFilters = query.filters;
  // Published, and verified (or created) within a year: unverified listings leave public search.
  const clauses: Sql[] = [
    sql`g.status = 'published'`,
    sql`coalesce(g.last_verified_at, g.created_at) >= ${query.now}::timestamptz - make_interval(days => ${FRESHNESS.hiddenAfterDays})`,
  ];

  for (const [name, column] of Object.entries(ARRAY_FILTERS) as [keyof typeof ARRAY_FILTERS, string][]) {
    const values = f[name];
    if (values?.length && except !== name) clauses.push(sql`${sql.ref(`g.${column}`)} && ${values}::text[]`);
  }
  for (const name of SCALAR_FILTERS) {
    const values = f[name];
    if (values?.length && except !== name)
      clauses.push(sql`${sql.ref(`g.${name}`)} = ANY(${values}::text[])`);
  }

  // Day and time of day of the same meeting: "tue evening" must not match a group that meets on
  // Tuesday mornings and Monday evenings. Slots are 'tue:evening' values kept on the group.
  const days = except === 'day' ? undefined : f.day;
  const times = except === 'time_of_day' ? undefined : f.time_of_day;
  if (times?.length) {
    // times is non-empty here, so there is always a list of slots.
    const slots = slotsMatching(days, times)!;
    clauses.push(sql`g.schedule_slots && ${slots}::text[]`);
  } else if (days?.length) {
    clauses.push(sql`g.meeting_days && ${days}::text[]`);
  }

  if (f.age !== undefined) {
    clauses.push(
      sql`(g.age_min IS NULL OR g.age_min <= ${f.age}) AND (g.age_max IS NULL OR g.age_max >= ${f.age})`,
    );
  }
  if (f.organization) clauses.push(sql`g.organization_id = ${f.organization}::uuid`);
  if (f.updated_since) clauses.push(sql`g.updated_at >= ${f.updated_since}::timestamptz`);
  if (tsquery) clauses.push(sql`g.search_vector @@ ${tsquery}`);

  // A place limits in-person and hybrid groups to the radius; online groups can be joined from
  // anywhere, so they match any place (an attendance filter can still exclude them).
  if (query.near) {
    const { lat, lng, meters } = query.near;
    clauses.push(sql`(g.attendance = 'online' OR (
      g.lat IS NOT NULL
      AND earth_box(ll_to_earth(${lat}, ${lng}), ${meters}) @> ll_to_earth(g.lat, g.lng)
      AND earth_distance(ll_to_earth(${lat}, ${lng}), ll_to_earth(g.lat, g.lng)) <= ${meters}))`);
  }
  return sql.join(clauses, sql` AND `);
}
