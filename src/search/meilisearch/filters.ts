// The Meilisearch filter for a search: the same conditions, in the same order, as `where()` in
// src/search/postgres-engine.ts. Published-only needs no clause (only published groups are
// indexed); full text is the `q` parameter, not a filter. Every string value is quoted and escaped,
// so no value can change the structure of the expression.
import { FRESHNESS } from '../../modules/groups/freshness.js';
import { slotsMatching } from '../../schedule/slots.js';
import type { FacetName, SearchFilters, SearchQuery } from '../query.js';

/** Meilisearch measures with the haversine formula on a sphere of this radius (geoutils). */
export const MEILISEARCH_EARTH_RADIUS_METERS = 6_371_000;
/**
 * The sphere of Postgres' earthdistance module (`earth()`), which the Postgres engine measures on.
 * Not the IUGG mean radius of src/geo/distance.ts: earth_distance() uses 6378168 m unless earth()
 * is redefined, and the migrations do not redefine it.
 */
export const POSTGRES_EARTH_RADIUS_METERS = 6_378_168;

export interface FilterOptions {
  /**
   * Radius of the sphere the reference engine measures on. The `_geoRadius` distance is scaled so
   * that both engines draw the boundary at the same angle: a group 40.2 km away by Postgres is
   * 40.15 km away by Meilisearch, and a 25 mi radius must keep or drop it in both.
   */
  referenceEarthRadiusMeters?: number;
}

const ARRAY_FILTERS = [
  ['condition', 'conditions'],
  ['affinity', 'affinities'],
  ['language', 'languages'],
  ['accessibility', 'accessibility'],
] as const;
const SCALAR_FILTERS = ['attendance', 'facilitation', 'access', 'cost'] as const;

const DAY_SECONDS = 86_400;

/**
 * A string value as a double-quoted filter literal. Meilisearch's filter parser reads a quoted
 * value up to the first unescaped quote, turns `\"` into `"`, then unescapes backslash sequences
 * (`\\` is one backslash, `\n` would be a newline). So backslashes are doubled first, then quotes
 * escaped; everything else (spaces, parentheses, AND/OR, non-ASCII) is literal inside the quotes.
 */
export function quote(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** A finite number as a filter literal, never in exponent notation. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

function list(values: readonly string[]): string {
  return `[${values.map(quote).join(', ')}]`;
}

/**
 * The filter of a search; `except` leaves out one facet's own filter (disjunctive facet counts),
 * exactly as `where(query, tsquery, except)` does.
 */
export function filterExpression(
  query: SearchQuery,
  except?: FacetName,
  options: FilterOptions = {},
): string {
  const f: SearchFilters = query.filters;
  // Verified (or created) within a year: unverified listings leave public search.
  const cutoff = query.now.getTime() / 1000 - FRESHNESS.hiddenAfterDays * DAY_SECONDS;
  const clauses: string[] = [`verified_at >= ${formatNumber(cutoff)}`];

  for (const [name, attribute] of ARRAY_FILTERS) {
    const values = f[name];
    if (values?.length && except !== name) clauses.push(`${attribute} IN ${list(values)}`);
  }
  for (const name of SCALAR_FILTERS) {
    const values = f[name];
    if (values?.length && except !== name) clauses.push(`${name} IN ${list(values)}`);
  }

  // Day and time of day of the same meeting, through the 'day:time_of_day' slots.
  const days = except === 'day' ? undefined : f.day;
  const times = except === 'time_of_day' ? undefined : f.time_of_day;
  if (times?.length) {
    // times is non-empty here, so there is always a list of slots.
    const slots = slotsMatching(days, times)!;
    clauses.push(`schedule_slots IN ${list(slots)}`);
  } else if (days?.length) {
    clauses.push(`meeting_days IN ${list(days)}`);
  }

  // Open ends are stored as 0 and 200 (document.ts), so both bounds are plain comparisons.
  if (f.age !== undefined) {
    clauses.push(`age_min <= ${formatNumber(f.age)} AND age_max >= ${formatNumber(f.age)}`);
  }
  if (f.organization) clauses.push(`organization_id = ${quote(f.organization)}`);
  // updated_at is stored as epoch seconds with milliseconds (document.ts), as is this bound.
  if (f.updated_since) clauses.push(`updated_at >= ${formatNumber(Date.parse(f.updated_since) / 1000)}`);

  // Online groups match any place; in-person and hybrid ones must be within the radius.
  if (query.near) {
    const { lat, lng, meters } = query.near;
    const reference = options.referenceEarthRadiusMeters ?? POSTGRES_EARTH_RADIUS_METERS;
    const radius = Math.round(((meters * MEILISEARCH_EARTH_RADIUS_METERS) / reference) * 1000) / 1000;
    clauses.push(
      `(is_online = true OR _geoRadius(${formatNumber(lat)}, ${formatNumber(lng)}, ${formatNumber(radius)}))`,
    );
  }
  return clauses.join(' AND ');
}
