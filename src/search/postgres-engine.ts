// The default search engine: Postgres full-text search (weighted, unaccented), trigram typo
// correction over a word list, synonym expansion from the taxonomy, earthdistance radius, and
// disjunctive facet counts. All SQL of search lives here.
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { FRESHNESS } from '../modules/groups/freshness.js';
import {
  type LoadedGroup,
  loadedGroupColumns,
  type MeetingsColumn,
  nextMeetingOf,
  withMeetingsFromJson,
} from '../modules/groups/groups.repository.js';
import type { Taxonomy } from '../modules/taxonomy/taxonomy.service.js';
import { slotsMatching } from '../schedule/slots.js';
import type {
  FacetName,
  FacetValue,
  Near,
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
    // The page and the count are separate statements: the page can then stop after its rows
    // (index order, or a top-N sort of keys), and the count reads no sort key.
    const [page, total, ...facetRows] = await Promise.all([
      query.near && query.sort === 'distance' ? this.pageByDistance(context) : this.page(context),
      query.countTotal ? this.count(context) : null,
      ...query.facets.map((facet) => this.facet(context, facet)),
    ]);
    const facets: SearchResult['facets'] = {};
    query.facets.forEach((facet, i) => {
      facets[facet] = facetRows[i];
    });
    return { ...page, total, facets };
  }

  private async page({ query, tsquery }: Context): Promise<Page> {
    const { sort, after } = query;
    const limit = query.limit + 1;
    if (sort === 'updated') {
      // Read in the order of groups_published_updated_idx. The key is whole microseconds since
      // 1970 (exact in a float8 until the year 2255), so the cursor names the exact row.
      const seek = after
        ? sql`AND (g.updated_at, g.id) < (timestamptz 'epoch' + ${after.key}::float8 * interval '1 microsecond', ${after.id}::uuid)`
        : sql``;
      return this.read(
        query,
        sql`SELECT g.id, (extract(epoch FROM g.updated_at) * 1000000)::float8 AS sort_key, g.earth_point AS point
              FROM groups g
             WHERE ${where(query, tsquery)} ${seek}
             ORDER BY g.updated_at DESC, g.id DESC
             LIMIT ${limit}`,
      );
    }
    // Nearest first is pageByDistance's; without a place the service refuses it before any engine.
    if (sort === 'distance') throw new Error('sort=distance needs near');
    const key = sortKey(sort, query, tsquery);
    const descending = sort === 'relevance';
    const seek = after
      ? descending
        ? sql`WHERE (s.sort_key, s.id) < (${after.key}::float8, ${after.id}::uuid)`
        : sql`WHERE (s.sort_key, s.id) > (${after.key}::float8, ${after.id}::uuid)`
      : sql``;
    const order = descending ? sql`s.sort_key DESC, s.id DESC` : sql`s.sort_key ASC, s.id ASC`;
    return this.read(
      query,
      sql`SELECT s.id, s.sort_key, s.point FROM (
            SELECT g.id, (${key})::float8 AS sort_key, g.earth_point AS point
              FROM groups g
             WHERE ${where(query, tsquery)}
          ) s
          ${seek}
          ORDER BY ${order}
          LIMIT ${limit}`,
    );
  }

  /**
   * Nearest first. Rather than compute the distance of every match (every online group matches
   * any place), three branches each stop after a page: groups within the radius, by distance
   * (GiST index); online groups with a place elsewhere, by distance (their own small index); and
   * online groups without a place, which sort last (key LAST), by id. The key is the chord through
   * the earth (cube_distance), which orders as the great-circle distance does and costs less.
   */
  private async pageByDistance({ query, tsquery }: Context): Promise<Page> {
    const near = query.near!;
    const { after } = query;
    const limit = query.limit + 1;
    const filters = filterClauses(query, tsquery);
    const chord = chordTo(near);
    const located = after ? sql`AND (${chord}, g.id) > (${after.key}::float8, ${after.id}::uuid)` : sql``;
    const branches: Sql[] = [
      sql`(SELECT g.id, ${chord} AS sort_key, g.earth_point AS point FROM groups g
            WHERE ${filters} AND ${withinRadius(near)} ${located}
            ORDER BY 2, 1 LIMIT ${limit})`,
    ];
    if (includesOnline(query)) {
      const unlocated = after && after.key >= LAST ? sql`AND g.id > ${after.id}::uuid` : sql``;
      branches.push(
        sql`(SELECT g.id, ${chord}, g.earth_point FROM groups g
              WHERE ${filters} AND g.attendance = 'online' AND g.lat IS NOT NULL AND NOT (${withinRadius(near)}) ${located}
              ORDER BY 2, 1 LIMIT ${limit})`,
        sql`(SELECT g.id, ${LAST}::float8, NULL::cube FROM groups g
              WHERE ${filters} AND g.attendance = 'online' AND g.lat IS NULL ${unlocated}
              ORDER BY g.id LIMIT ${limit})`,
      );
    }
    return this.read(
      query,
      sql`SELECT s.id, s.sort_key, s.point FROM (${sql.join(branches, sql` UNION ALL `)}) s
           ORDER BY s.sort_key, s.id
           LIMIT ${limit}`,
    );
  }

  /**
   * Runs a page statement (id, sort_key, point), adding distances for the page's rows only, and
   * their groups when the query asks for them (one statement where loading them after would be two).
   */
  private async read(query: SearchQuery, statement: Sql): Promise<Page> {
    const distance = query.near
      ? sql`sec_to_gc(cube_distance(ll_to_earth(${query.near.lat}, ${query.near.lng}), p.point))`
      : sql`NULL::float8`;
    const descending = query.sort === 'relevance' || query.sort === 'updated';
    const order = descending ? sql`p.sort_key DESC, p.id DESC` : sql`p.sort_key, p.id`;
    if (!query.withGroups) {
      const { rows } = await sql<Row>`
        SELECT p.id, p.sort_key, ${distance} AS distance FROM (${statement}) p ORDER BY ${order}
      `.execute(this.db);
      return pageOf(rows, query.limit);
    }
    const meetings = query.withMeetings ?? false;
    const { rows } = await sql<Row & LoadedGroup & Partial<MeetingsColumn>>`
      SELECT p.sort_key, ${distance} AS distance, ${loadedGroupColumns(query.now, { meetings, projection: query.projection })}
        FROM (${statement}) p
        JOIN groups g ON g.id = p.id
        JOIN organizations o ON o.id = g.organization_id
       ORDER BY ${order}
    `.execute(this.db);
    const groups = rows.slice(0, query.limit);
    return {
      ...pageOf(rows, query.limit),
      groups: meetings ? groups.map((g) => withMeetingsFromJson(g as LoadedGroup & MeetingsColumn)) : groups,
    };
  }

  /** Every match, counted in the parts each index serves (near: within the radius, and online). */
  private async count({ query, tsquery }: Context): Promise<number> {
    const filters = filterClauses(query, tsquery);
    const parts: Sql[] = [];
    if (!query.near) {
      parts.push(sql`SELECT count(*) FROM groups g WHERE ${filters}`);
    } else {
      parts.push(sql`SELECT count(*) FROM groups g WHERE ${filters} AND ${withinRadius(query.near)}`);
      if (includesOnline(query)) {
        parts.push(
          sql`SELECT count(*) FROM groups g WHERE ${filters} AND g.attendance = 'online' AND g.lat IS NULL`,
          sql`SELECT count(*) FROM groups g
               WHERE ${filters} AND g.attendance = 'online' AND g.lat IS NOT NULL AND NOT (${withinRadius(query.near)})`,
        );
      }
    }
    const { rows } = await sql<{ total: number }>`
      SELECT ${sql.join(
        parts.map((part) => sql`(${part})`),
        sql` + `,
      )} AS total
    `.execute(this.db);
    return Number(rows[0]?.total ?? 0);
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

/** The sort key of `page` (sort=updated and nearest-first have their own statements). */
function sortKey(
  sort: Exclude<SortName, 'updated' | 'distance'>,
  query: SearchQuery,
  tsquery: Sql | null,
): Sql {
  switch (sort) {
    case 'relevance':
      // Stale listings (not verified for 180 days) rank at half weight below fresh ones.
      return tsquery
        ? sql`ts_rank(g.search_vector, ${tsquery}) * CASE WHEN coalesce(g.last_verified_at, g.created_at) < ${query.now}::timestamptz - make_interval(days => ${FRESHNESS.staleAfterDays}) THEN 0.5 ELSE 1 END`
        : sql`0`;
    case 'next_meeting':
      return sql`coalesce(extract(epoch FROM ${nextMeetingOf(query.now)}), ${LAST})`;
  }
}

/** WHERE clause for the query; `except` leaves out one facet's own filter (disjunctive counts). */
function where(query: SearchQuery, tsquery: Sql | null, except?: FacetName): Sql {
  const filters = filterClauses(query, tsquery, except);
  if (!query.near) return filters;
  // A place limits in-person and hybrid groups to the radius; online groups can be joined from
  // anywhere, so they match any place (an attendance filter can still exclude them).
  return sql`${filters} AND (g.attendance = 'online' OR (${withinRadius(query.near)}))`;
}

/** Every condition of the query but the place. */
function filterClauses(query: SearchQuery, tsquery: Sql | null, except?: FacetName): Sql {
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
  return sql.join(clauses, sql` AND `);
}

/**
 * Straight-line (chord) metres from the place to the group's stored point, null without a place.
 * sec_to_gc() turns it into the great-circle metres earth_distance() reports.
 */
function chordTo({ lat, lng }: Near): Sql {
  return sql`cube_distance(ll_to_earth(${lat}, ${lng}), g.earth_point)`;
}

/**
 * The group has a place within the radius: inside the box groups_earth_point_idx serves, and
 * within the chord of `meters` (the same test as earth_distance() <= meters, without converting
 * every row's distance).
 */
function withinRadius(near: Near): Sql {
  const { lat, lng, meters } = near;
  return sql`g.lat IS NOT NULL
    AND earth_box(ll_to_earth(${lat}, ${lng}), ${meters}) @> g.earth_point
    AND ${chordTo(near)} <= 2 * earth() * sin(${meters}::float8 / (2 * earth()))`;
}

/** Online groups can match (no attendance filter, or one that names online). */
function includesOnline(query: SearchQuery): boolean {
  const attendance = query.filters.attendance;
  return !attendance?.length || attendance.includes('online');
}

interface Row {
  id: string;
  sort_key: number;
  distance: number | null;
}

interface Page {
  hits: SearchHit[];
  hasMore: boolean;
  groups?: LoadedGroup[];
}

/** One more row than the page was read, to tell whether another page follows. */
function pageOf(rows: Row[], limit: number): Page {
  return {
    hits: rows.slice(0, limit).map((r) => ({ id: r.id, sortKey: r.sort_key, distanceMeters: r.distance })),
    hasMore: rows.length > limit,
  };
}
