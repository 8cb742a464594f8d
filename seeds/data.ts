// Loads the seed data files (taxonomy vocabularies, demo cities). They are read from the repository's
// seeds/ folder rather than imported, because tsc does not copy JSON into dist/: the same code must
// work under tsx from the source tree and compiled into dist/seeds/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../src/lib/paths.js';

export interface TaxonomyTerm {
  code: string;
  /** Label per language (BCP 47); every term has at least 'en' and 'es'. */
  labels: Record<string, string>;
  /** Lowercase words and short phrases people type, in English and Spanish. */
  synonyms: string[];
  parent: string | null;
  /** times_of_day only: local start time, inclusive ('HH:MM'). */
  start?: string;
  /** times_of_day only: local end time, exclusive ('HH:MM'); smaller than start when the range wraps midnight. */
  end?: string;
}

export interface TaxonomyVocabulary {
  vocabulary: string;
  description: string;
  terms: TaxonomyTerm[];
}

export interface SeedCity {
  name: string;
  /** US state code, or the UK nation ('England', 'Scotland'). */
  region: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  lat: number;
  lng: number;
  /** IANA timezone. */
  timezone: string;
  postal_codes: string[];
  /** Approximate centroid [lat, lng] of each postal code, so generated venues sit on land near their code. */
  postal_code_points: Record<string, [number, number]>;
  /** How many groups the city gets relative to the others. */
  weight: number;
  /** The neighbourhood each postal code lies in, named in group names and descriptions. */
  postal_code_areas: Record<string, string>;
  /** Real neighbourhood names, used in organization names. */
  neighborhoods: string[];
  /** Regional names organizations use ('Bay Area', 'Twin Cities'). */
  area_names: string[];
  /** A fictional phone number for the city: '#' is a random digit (US 555-01xx and Ofcom drama ranges). */
  phone_pattern: string;
  /** Languages besides English and Spanish that some local groups meet in (BCP 47). */
  community_languages: string[];
}

/** Vocabulary files in the order the API lists them. */
export const VOCABULARIES = [
  'conditions',
  'affinities',
  'attendance',
  'facilitation',
  'access',
  'cost',
  'accessibility',
  'languages',
  'days',
  'times_of_day',
] as const;

/** The repository root: the nearest folder above this file that holds a package.json. */
export const repoRoot = findRepoRoot;

export function seedsDir(): string {
  return join(repoRoot(), 'seeds');
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

let taxonomy: TaxonomyVocabulary[] | undefined;

/**
 * Every vocabulary in seeds/taxonomy/: the known ones in VOCABULARIES order, then any others
 * (a new vocabulary is a new file) by name.
 */
export function loadTaxonomy(): TaxonomyVocabulary[] {
  if (taxonomy) return taxonomy;
  const dir = join(seedsDir(), 'taxonomy');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));
  const order = (name: string) => {
    const i = (VOCABULARIES as readonly string[]).indexOf(name);
    return i === -1 ? VOCABULARIES.length : i;
  };
  names.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  taxonomy = names.map((name) => {
    const vocabulary = readJson<TaxonomyVocabulary>(join(dir, `${name}.json`));
    if (vocabulary.vocabulary !== name) {
      throw new Error(`seeds/taxonomy/${name}.json declares vocabulary '${vocabulary.vocabulary}'`);
    }
    return vocabulary;
  });
  return taxonomy;
}

/** The codes of one vocabulary, in file order. */
export function vocabularyCodes(vocabulary: string): string[] {
  const found = loadTaxonomy().find((v) => v.vocabulary === vocabulary);
  if (!found) throw new Error(`unknown vocabulary '${vocabulary}'`);
  return found.terms.map((t) => t.code);
}

let cities: SeedCity[] | undefined;

export function loadCities(): SeedCity[] {
  cities ??= readJson<SeedCity[]>(join(seedsDir(), 'cities.json'));
  return cities;
}
