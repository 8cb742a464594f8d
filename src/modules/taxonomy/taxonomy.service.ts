// The vocabularies (conditions, affinities, languages, ...) are data in the database, loaded
// once and cached in memory: every search validates its filter codes and expands synonyms against
// them, and a round trip per request for a few hundred rows that change with a seed would be waste.
import type { Db } from '../../db/connect.js';
import { words } from '../../lib/text.js';
import { listTerms, listVocabularies } from './taxonomy.repository.js';

export interface Term {
  vocabulary: string;
  code: string;
  labels: Record<string, string>;
  synonyms: string[];
  parent: string | null;
}

export interface Vocabulary {
  code: string;
  description: string;
  terms: Term[];
}

/** A phrase (folded words joined by spaces) that stands for taxonomy terms in a search. */
export interface SynonymTarget {
  vocabulary: string;
  code: string;
}

// Vocabularies whose terms are part of a group's search document (see the search_vector trigger).
const SEARCHABLE_VOCABULARIES = ['conditions', 'affinities'];

export class Taxonomy {
  readonly vocabularies: Vocabulary[];
  private readonly byVocabulary: Map<string, Map<string, Term>>;
  /** folded phrase -> terms it names; the longest phrase has `maxPhraseWords` words. */
  readonly phrases: Map<string, SynonymTarget[]>;
  readonly maxPhraseWords: number;

  constructor(vocabularies: Vocabulary[]) {
    this.vocabularies = vocabularies;
    this.byVocabulary = new Map(vocabularies.map((v) => [v.code, new Map(v.terms.map((t) => [t.code, t]))]));
    this.phrases = new Map();
    let longest = 1;
    for (const vocabulary of vocabularies) {
      if (!SEARCHABLE_VOCABULARIES.includes(vocabulary.code)) continue;
      for (const term of vocabulary.terms) {
        const names = [term.code.replaceAll('_', ' '), ...Object.values(term.labels), ...term.synonyms];
        for (const name of names) {
          const phrase = words(name).join(' ');
          if (!phrase) continue;
          longest = Math.max(longest, phrase.split(' ').length);
          const targets = this.phrases.get(phrase) ?? [];
          if (!targets.some((t) => t.code === term.code && t.vocabulary === vocabulary.code)) {
            targets.push({ vocabulary: vocabulary.code, code: term.code });
          }
          this.phrases.set(phrase, targets);
        }
      }
    }
    this.maxPhraseWords = Math.min(longest, 5);
  }

  vocabulary(code: string): Vocabulary | undefined {
    return this.vocabularies.find((v) => v.code === code);
  }

  has(vocabulary: string, code: string): boolean {
    return this.byVocabulary.get(vocabulary)?.has(code) ?? false;
  }

  codes(vocabulary: string): string[] {
    return [...(this.byVocabulary.get(vocabulary)?.keys() ?? [])];
  }

  term(vocabulary: string, code: string): Term | undefined {
    return this.byVocabulary.get(vocabulary)?.get(code);
  }

  label(vocabulary: string, code: string, lang = 'en'): string | undefined {
    const term = this.byVocabulary.get(vocabulary)?.get(code);
    return term?.labels[lang] ?? term?.labels.en;
  }
}

export class TaxonomyService {
  private cached: { at: number; taxonomy: Promise<Taxonomy> } | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    /** How long a loaded taxonomy is trusted; vocabularies change only with seeds or admin edits. */
    private readonly ttlMs = 5 * 60_000,
  ) {}

  /**
   * The taxonomy, loaded once (the app warms it at boot) and then refreshed in the background when
   * older than the TTL, while callers keep getting the loaded one. Writes validate against it
   * inside their transaction: a load there would need a second pool connection, and with every
   * connection held by such a transaction they waited for the pool's timeout (a fault test found it).
   */
  get(): Promise<Taxonomy> {
    if (!this.cached) {
      const taxonomy = this.load();
      this.cached = { at: Date.now(), taxonomy };
      // A failed load must not be cached: the next request tries again.
      taxonomy.catch(() => {
        if (this.cached?.taxonomy === taxonomy) this.cached = null;
      });
      return taxonomy;
    }
    if (Date.now() - this.cached.at > this.ttlMs && !this.refreshing) {
      this.refreshing = this.load()
        .then((taxonomy) => {
          this.cached = { at: Date.now(), taxonomy: Promise.resolve(taxonomy) };
        })
        // Keep serving the loaded taxonomy; the next call after the TTL tries again.
        .catch(() => {})
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.cached.taxonomy;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async load(): Promise<Taxonomy> {
    const [vocabularies, terms] = await Promise.all([listVocabularies(this.db), listTerms(this.db)]);
    return new Taxonomy(
      vocabularies.map((v) => ({
        code: v.code,
        description: v.description,
        terms: terms
          .filter((t) => t.vocabulary === v.code)
          .map((t) => ({
            vocabulary: t.vocabulary,
            code: t.code,
            labels: t.labels,
            synonyms: t.synonyms,
            parent: t.parent_code,
          })),
      })),
    );
  }
}
