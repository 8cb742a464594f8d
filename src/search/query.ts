// The engine-neutral description of a search: what both the Postgres and the Meilisearch engine
// receive, after the service has validated and normalised the request.
import type { Day, TimeOfDay } from '../modules/groups/groups.model.js';
import type { GroupProjection, LoadedGroup } from '../modules/groups/groups.repository.js';
import type { TextQuery } from './text.js';

export const FACETS = [
  'condition',
  'affinity',
  'attendance',
  'facilitation',
  'access',
  'cost',
  'language',
  'accessibility',
  'day',
  'time_of_day',
] as const;
export type FacetName = (typeof FACETS)[number];

/** Filters that take a list of taxonomy codes, with the vocabulary that validates them. */
export const CODE_FILTERS = {
  condition: 'conditions',
  affinity: 'affinities',
  attendance: 'attendance',
  facilitation: 'facilitation',
  access: 'access',
  cost: 'cost',
  language: 'languages',
  accessibility: 'accessibility',
} as const;
export type CodeFilter = keyof typeof CODE_FILTERS;

export const SORTS = ['relevance', 'distance', 'next_meeting', 'updated'] as const;
export type SortName = (typeof SORTS)[number];

export interface SearchFilters {
  condition?: string[];
  affinity?: string[];
  attendance?: string[];
  facilitation?: string[];
  access?: string[];
  cost?: string[];
  language?: string[];
  accessibility?: string[];
  day?: Day[];
  time_of_day?: TimeOfDay[];
  /** The group's audience age range includes this age. */
  age?: number;
  organization?: string;
  /** Updated at or after this instant (ISO 8601): incremental sync of the HSDS feed. */
  updated_since?: string;
}

export interface Near {
  lat: number;
  lng: number;
  meters: number;
}

/** Position after which the next page starts, in the order of `sort`. */
export interface After {
  key: number;
  id: string;
  /** The engine that produced the position (a cursor from one engine can't continue in another). */
  engine?: 'postgres' | 'meilisearch';
}

export interface SearchQuery {
  text: TextQuery | null;
  filters: SearchFilters;
  near: Near | null;
  sort: SortName;
  limit: number;
  after: After | null;
  facets: FacetName[];
  /**
   * Count every match (REST meta.total, GraphQL totalCount). Counting visits every match, so a
   * caller that won't show the total turns it off; an engine whose total comes free may ignore it.
   */
  countTotal: boolean;
  /**
   * Also read each hit's group (as loadGroups does), for an engine that can in the same statement
   * (Postgres); the caller loads them itself otherwise.
   */
  withGroups?: boolean;
  /** With withGroups: each group's meetings too (a `meetings` column, as loadGroupWithMeetings). */
  withMeetings?: boolean;
  /** With withGroups: only this part of each group (the rest reads as null); all of it when unset. */
  projection?: GroupProjection;
  /** "Now" for next-meeting computations; fixed for all pages of one search. */
  now: Date;
}

export interface SearchHit {
  id: string;
  /** Null for online groups and when no place was given. */
  distanceMeters: number | null;
  sortKey: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Null when the query asked for no count (countTotal false) and the engine skipped it. */
  total: number | null;
  hasMore: boolean;
  /** The hits' groups, in the same order, when the query asked withGroups and the engine read them. */
  groups?: LoadedGroup[];
  facets: Partial<Record<FacetName, FacetValue[]>>;
  /** The engine that answered, when it is not the configured one's name (fallback). */
  engine?: 'postgres' | 'meilisearch';
  /** The configured engine failed and another one answered. */
  degraded?: boolean;
}

export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  search(query: SearchQuery): Promise<SearchResult>;
}
