// The request mixes of the scenarios, pregenerated from a seed: each scenario draws from a list of
// many different parameter values (S8 excepted), the way an embedding site's users would search.
import { loadCities } from '../../seeds/data.js';
import { AFFINITY_WORDS, CONDITION_WEIGHTS } from '../../seeds/vocabulary.js';
import { Rng } from './random.js';

export type Params = Record<string, string>;

const ATTENDANCE = ['in_person', 'online', 'hybrid'] as const;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const AFFINITIES = Object.entries(AFFINITY_WORDS).map(([code, w]) => [code, w.weight] as const);
const FACETS_S4 = 'condition,affinity,attendance,day,language';
const FACETS_S5 = 'condition,attendance,day';

// Words people type: condition names and synonyms, audiences, places and generic words.
const WORDS = [
  'depression',
  'anxiety',
  'bipolar',
  'grief',
  'trauma',
  'ptsd',
  'addiction',
  'alcohol',
  'recovery',
  'eating disorder',
  'panic',
  'postpartum',
  'schizophrenia',
  'ocd',
  'suicide loss',
  'veterans',
  'women',
  'lgbtq',
  'young adults',
  'parents',
  'caregivers',
  'seniors',
  'students',
  'spanish',
  'peer support',
  'evening',
  'online',
  'circle',
  'family',
  'mindfulness',
  'chicago',
  'austin',
  'seattle',
  'brooklyn',
  'denver',
  'london',
];

/** One typo a person makes: a dropped, doubled, swapped or replaced letter. */
function typo(word: string, r: Rng): string {
  if (word.length < 5) return word;
  const i = 1 + r.int(word.length - 2);
  switch (r.int(4)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + word[i] + word.slice(i);
    case 2:
      return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
    default:
      return word.slice(0, i) + String.fromCharCode(97 + r.int(26)) + word.slice(i + 1);
  }
}

function textQuery(r: Rng, maxWords: number): string {
  const phrases = r.sample(WORDS, 1 + r.int(maxWords));
  const words = phrases.join(' ').split(' ');
  // Half the queries carry a typo; some are still being typed (the last word is a prefix).
  if (r.chance(0.5)) {
    const i = r.int(words.length);
    words[i] = typo(words[i]!, r);
  }
  if (r.chance(0.3)) {
    const last = words.at(-1)!;
    if (last.length > 4) words[words.length - 1] = last.slice(0, 3 + r.int(last.length - 3));
  }
  return words.join(' ');
}

const conditions = (r: Rng, n: number) => {
  const out = new Set<string>();
  while (out.size < n) out.add(r.weighted(CONDITION_WEIGHTS));
  return [...out].join(',');
};

/** US ZIP codes and UK cities of the generated directory's cities. */
function places(): string[] {
  const out: string[] = [];
  for (const city of loadCities()) {
    if (city.country === 'US') out.push(...city.postal_codes);
    else out.push(`${city.name}, UK`);
  }
  return out;
}

function filters(r: Rng): Params {
  return {
    condition: conditions(r, 1 + (r.chance(0.3) ? 1 : 0)),
    affinity: r.weighted(AFFINITIES),
    attendance: r.sample(ATTENDANCE, 1 + r.int(2)).join(','),
    day: r.sample(DAYS, 1 + r.int(2)).join(','),
  };
}

export interface ScenarioParams {
  S1: Params[];
  S2: Params[];
  S3: Params[];
  S4: Params[];
  S5: Params[];
  /** Peer comparison: groups with a condition, first 20, newest first, with their organization. */
  peer: { condition: string; attendance: string }[];
}

export function generateParams(seed: number, size: number): ScenarioParams {
  const r = new Rng(seed);
  const zips = places();
  const list = <T>(make: () => T) => Array.from({ length: size }, make);
  return {
    S1: list(() => ({ q: textQuery(r, 2) })),
    S2: list(() => filters(r)),
    S3: list(() => ({ near: r.pick(zips), radius: '25mi' })),
    S4: list(() => ({ ...filters(r), facets: FACETS_S4 })),
    S5: list(() => {
      const p: Params = { q: textQuery(r, 1) };
      if (r.chance(0.5)) p.condition = conditions(r, 1);
      p.attendance = r.sample(ATTENDANCE, 1 + r.int(2)).join(',');
      p.day = r.sample(DAYS, 1 + r.int(3)).join(',');
      p.near = r.pick(zips);
      p.radius = r.pick(['10mi', '25mi', '50mi']);
      p.facets = FACETS_S5;
      return p;
    }),
    peer: list(() => ({ condition: r.weighted(CONDITION_WEIGHTS), attendance: r.pick(ATTENDANCE) })),
  };
}

export function toPath(base: string, params: Params): string {
  return `${base}?${new URLSearchParams(params).toString()}`;
}

/** The GraphQL form of an S5 search: nested organization and meetings. */
export const S7_QUERY = `query S7($filter: GroupFilter, $near: NearInput, $facets: [FacetName!]) {
  groups(filter: $filter, near: $near, first: 20, facets: $facets) {
    totalCount
    nodes {
      id name attendance distanceMi nextMeeting
      organization { id name }
      meetings { day startTime timezone nextStart }
    }
    facets { name values { value count } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export function s7Variables(p: Params): Record<string, unknown> {
  const upper = (s: string | undefined) => s?.split(',').map((v) => v.toUpperCase());
  const filter: Record<string, unknown> = { q: p.q };
  if (p.condition) filter.condition = p.condition.split(',');
  if (p.attendance) filter.attendance = upper(p.attendance);
  if (p.day) filter.day = upper(p.day);
  return {
    filter,
    near: { place: p.near, radius: p.radius },
    facets: upper(p.facets),
  };
}

export const CIRCLES_PEER_QUERY = `query Peer($condition: [String!], $attendance: [Attendance!]) {
  groups(filter: { condition: $condition, attendance: $attendance }, first: 20) {
    nodes { id name updatedAt organization { id name } }
  }
}`;

// PostGraphile's condition argument is equality per column: a group whose conditions are exactly
// [x] is the closest it gets to "has condition x" without plugins. Newest first, as Circles sorts.
export const POSTGRAPHILE_PEER_QUERY = `query Peer($conditions: [String], $attendance: String) {
  allGroups(condition: { status: "published", conditions: $conditions, attendance: $attendance }, first: 20, orderBy: UPDATED_AT_DESC) {
    nodes { id name updatedAt organizationByOrganizationId { id name } }
  }
}`;
