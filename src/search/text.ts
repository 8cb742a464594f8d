// Turns the `q` parameter into search units. Each unit is one word of the query, or a phrase that
// names a taxonomy term ("post traumatic stress"); a unit matches a document when any of its
// alternatives does: the words themselves (as prefixes), the codes of the terms the phrase is a
// synonym of, or typo corrections found later by the engine. Units are ANDed.
import { words } from '../lib/text.js';
import type { Taxonomy } from '../modules/taxonomy/taxonomy.service.js';

export interface TextUnit {
  /** Folded words of the query this unit covers. */
  words: string[];
  /** Taxonomy codes (conditions, affinities) this unit is a name or synonym of. */
  codes: string[];
}

export interface TextQuery {
  units: TextUnit[];
}

export const MAX_QUERY_WORDS = 12;

export function parseTextQuery(q: string, taxonomy: Taxonomy): TextQuery | null {
  const all = words(q).slice(0, MAX_QUERY_WORDS);
  if (all.length === 0) return null;
  const units: TextUnit[] = [];
  let i = 0;
  while (i < all.length) {
    let matched = false;
    // Longest phrase first, so "bipolar disorder" beats "bipolar".
    for (let n = Math.min(taxonomy.maxPhraseWords, all.length - i); n >= 1; n--) {
      const phrase = all.slice(i, i + n);
      const targets = taxonomy.phrases.get(phrase.join(' '));
      if (targets) {
        units.push({ words: phrase, codes: [...new Set(targets.map((t) => t.code))] });
        i += n;
        matched = true;
        break;
      }
    }
    if (!matched) {
      units.push({ words: [all[i]!], codes: [] });
      i += 1;
    }
  }
  return { units };
}

/** Codes a (typo-corrected) word names, for expanding a correction like the original word. */
export function codesForWord(word: string, taxonomy: Taxonomy): string[] {
  return [...new Set((taxonomy.phrases.get(word) ?? []).map((t) => t.code))];
}
