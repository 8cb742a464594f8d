// Index settings for the groups index, derived from the taxonomy so that a new synonym is a seed
// change, not a code change. Settings are applied before documents (DESIGN convention 12); when
// the fingerprint of the settings changes, the index is rebuilt aside and swapped in.
import { createHash } from 'node:crypto';
import type { Settings } from 'meilisearch';
import { words } from '../../lib/text.js';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy.service.js';
import type { FacetName } from '../query.js';
import { LABEL_LANGUAGES } from './document.js';

/**
 * Bump when the document shape (src/search/meilisearch/document.ts) or the way settings are
 * derived changes in a way the settings object alone does not show: the fingerprint changes with
 * it, so deployed indexes are rebuilt.
 */
export const SETTINGS_VERSION = 1;

/** The document attribute each facet counts. */
export const FACET_ATTRIBUTES: Readonly<Record<FacetName, string>> = {
  condition: 'conditions',
  affinity: 'affinities',
  attendance: 'attendance',
  facilitation: 'facilitation',
  access: 'access',
  cost: 'cost',
  language: 'languages',
  accessibility: 'accessibility',
  day: 'meeting_days',
  time_of_day: 'times_of_day',
};

// In the order of the Postgres weights: name (A), taxonomy labels (B), description (C), place (D).
// The attribute ranking rule prefers matches in earlier attributes.
export const SEARCHABLE_ATTRIBUTES = [
  'name',
  'condition_labels',
  'affinity_labels',
  'description',
  'locality',
  'region',
  'postal_code',
];

export const FILTERABLE_ATTRIBUTES = [
  'conditions',
  'affinities',
  'attendance',
  'facilitation',
  'access',
  'cost',
  'languages',
  'accessibility',
  'meeting_days',
  'schedule_slots',
  'times_of_day',
  'age_min',
  'age_max',
  'organization_id',
  'verified_at',
  'updated_at',
  'is_online',
  '_geo',
];

// `id` breaks ties the way the Postgres engine does (sort key, then id).
export const SORTABLE_ATTRIBUTES = ['_geo', 'verified_at', 'updated_at', 'id'];

/**
 * `sort` first: an explicit sort (distance, updated) orders every match strictly, as ORDER BY does
 * in Postgres, instead of only breaking relevance ties. Without a sort parameter the rule is inert
 * and the built-in relevance rules rank; among equally relevant groups, the more recently verified
 * comes first (the Postgres engine halves the rank of stale listings; Meilisearch has no per-query
 * score arithmetic, this is the nearest stable equivalent).
 * 'attribute' rather than 'attributeRank' + 'wordPosition': the latter need Meilisearch 1.2x.
 */
export const RANKING_RULES = [
  'sort',
  'words',
  'typo',
  'proximity',
  'attribute',
  'exactness',
  'verified_at:desc',
];

/**
 * PostgreSQL's `english` text search configuration drops these (its english.stop, the Snowball
 * list) from both documents and queries, so "support for women" needs no "for". Meilisearch
 * ignores stop words in queries the same way.
 */
// biome-ignore format: a word list reads better filled than one word a line
export const ENGLISH_STOP_WORDS = [
  'i', 'me', 'my', 'myself', 'we', 'our', 'ours', 'ourselves', 'you', 'your', 'yours', 'yourself',
  'yourselves', 'he', 'him', 'his', 'himself', 'she', 'her', 'hers', 'herself', 'it', 'its', 'itself',
  'they', 'them', 'their', 'theirs', 'themselves', 'what', 'which', 'who', 'whom', 'this', 'that',
  'these', 'those', 'am', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'have', 'has', 'had',
  'having', 'do', 'does', 'did', 'doing', 'a', 'an', 'the', 'and', 'but', 'if', 'or', 'because', 'as',
  'until', 'while', 'of', 'at', 'by', 'for', 'with', 'about', 'against', 'between', 'into', 'through',
  'during', 'before', 'after', 'above', 'below', 'to', 'from', 'up', 'down', 'in', 'out', 'on', 'off',
  'over', 'under', 'again', 'further', 'then', 'once', 'here', 'there', 'when', 'where', 'why', 'how',
  'all', 'any', 'both', 'each', 'few', 'more', 'most', 'other', 'some', 'such', 'no', 'nor', 'not',
  'only', 'own', 'same', 'so', 'than', 'too', 'very', 's', 't', 'can', 'will', 'just', 'don', 'should',
  'now',
];

/**
 * Meilisearch's default pagination.maxTotalHits is 1000: no hit beyond it can be reached and
 * totalHits is capped at it. The directory pages through every match and reports the total, so
 * the cap is raised to the size the directory is built for (FIELD-NOTES: 100k+ groups).
 */
export const DEFAULT_MAX_TOTAL_HITS = 200_000;

export interface IndexSettingsOptions {
  maxTotalHits?: number;
}

export function indexSettings(taxonomy: Taxonomy, options: IndexSettingsOptions = {}): Settings {
  const largestVocabulary = Math.max(0, ...taxonomy.vocabularies.map((v) => v.terms.length));
  return {
    searchableAttributes: [...SEARCHABLE_ATTRIBUTES],
    filterableAttributes: [...FILTERABLE_ATTRIBUTES],
    sortableAttributes: [...SORTABLE_ATTRIBUTES],
    rankingRules: [...RANKING_RULES],
    stopWords: [...ENGLISH_STOP_WORDS],
    synonyms: taxonomySynonyms(taxonomy),
    // src/search/typos.ts: one typo from 4 letters, two from 8. Postal codes are matched exactly:
    // the Postgres engine never "corrects" 10001 into 10002.
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
      disableOnAttributes: ['postal_code'],
    },
    // Facet counts must list every value of a vocabulary (the default keeps 100 per facet).
    faceting: {
      maxValuesPerFacet: Math.max(100, largestVocabulary),
      sortFacetValuesBy: { '*': 'count' },
    },
    pagination: { maxTotalHits: options.maxTotalHits ?? DEFAULT_MAX_TOTAL_HITS },
  };
}

/**
 * One-way synonyms, from exactly the phrase table the Postgres engine expands queries with
 * (Taxonomy.phrases: each condition/affinity term's code, labels and synonyms, folded): a phrase
 * maps to the labels of every term it names, and a group's document carries its terms' labels. So
 * "trauma" finds the groups labelled "PTSD & Trauma" / "TEPT y trauma", as Postgres finds code
 * 'ptsd'. Values are the labels documents carry (en, es). One-way on purpose: "depression" must not pull in every description that says "sad".
 * Keys and values are folded words joined by spaces (Meilisearch lowercases and strips accents of
 * synonyms anyway); multi-word values are matched as phrases.
 */
export function taxonomySynonyms(taxonomy: Taxonomy): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const phrase of [...taxonomy.phrases.keys()].sort()) {
    const targets = taxonomy.phrases.get(phrase) ?? [];
    const values = new Set<string>();
    for (const target of targets) {
      const term = taxonomy.term(target.vocabulary, target.code);
      for (const lang of LABEL_LANGUAGES) {
        const folded = words(term?.labels[lang] ?? '').join(' ');
        if (folded && folded !== phrase) values.add(folded);
      }
    }
    if (values.size > 0) out[phrase] = [...values].sort();
  }
  return out;
}

/**
 * A stable hash of the settings (and SETTINGS_VERSION): object keys are sorted, array order is
 * kept (it matters for searchableAttributes and rankingRules). Store it with the index; a
 * different fingerprint means "rebuild and swap".
 */
export function settingsFingerprint(settings: Settings): string {
  const canonical = canonicalJson({ version: SETTINGS_VERSION, settings });
  return `v${SETTINGS_VERSION}-${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
