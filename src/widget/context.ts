// What every view needs: the words, the locale, the country, the vocabulary labels, the API.
import type { Api } from './api.js';
import type { Lang, Strings } from './i18n.js';
import type { Filter } from './state.js';

export interface Ctx {
  t: Strings;
  lang: Lang;
  locale: string;
  country: string | null;
  api: Api;
  /** The label of a code in the chosen language (the code itself until the vocabularies load). */
  label(vocabulary: string, code: string): string;
}

/** The vocabulary behind each filter. */
export const VOCABULARY: Record<Filter, string> = {
  condition: 'conditions',
  attendance: 'attendance',
  affinity: 'affinities',
  language: 'languages',
};
